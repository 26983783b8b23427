import {
  describeError,
  isAccessDeniedError,
  isNotFoundError,
} from '../aws/errors';
import type { IamGateway } from '../aws/IamGateway';
import type { RequestLimiters } from './RequestLimiters';
import type {
  AccountIamInventory,
  ManagedPolicyRecord,
  RoleRecord,
} from './types';
import {
  roleNameOfArn,
  isAwsManagedPolicyArn,
} from '@pod-identity/plugin-eks-pod-identity-common';

/**
 * AWS-managed policies are the same in every account, so one scan reads each
 * at most once, whichever account asks first, and not at all when an
 * account's GetAccountAuthorizationDetails already brought it.
 */
export class AwsManagedPolicyCache {
  private readonly policies = new Map<
    string,
    Promise<ManagedPolicyRecord | undefined>
  >();

  /** Remembers policies that came for free (GetAccountAuthorizationDetails pages). */
  put(policy: ManagedPolicyRecord): void {
    if (!this.policies.has(policy.arn)) {
      this.policies.set(policy.arn, Promise.resolve(policy));
    }
  }

  get(
    arn: string,
    read: () => Promise<ManagedPolicyRecord>,
  ): Promise<ManagedPolicyRecord | undefined> {
    let policy = this.policies.get(arn);
    if (!policy) {
      policy = read().catch(() => undefined);
      this.policies.set(arn, policy);
    }
    return policy;
  }
}

export interface AccountIamScanDeps {
  iam: IamGateway;
  limiters: RequestLimiters;
  awsManagedPolicies: AwsManagedPolicyCache;
}

/**
 * Reads an account's IAM. Never throws: a failure is reported in `error`.
 * Without `roleArns`, every role through GetAccountAuthorizationDetails (few
 * large pages), falling back to per-role reads when that call is denied;
 * with `roleArns`, just those roles.
 */
export async function scanAccountIam(
  accountId: string,
  roleArns: string[] | undefined,
  deps: AccountIamScanDeps,
): Promise<AccountIamInventory> {
  const iam = <T>(call: () => Promise<T>) => deps.limiters.iam(accountId, call);
  const result: AccountIamInventory = {
    accountId,
    complete: roleArns === undefined,
    mode: 'authorizationDetails',
    roles: [],
    policies: [],
    notFoundRoleArns: [],
    unreadablePolicyArns: [],
    scannedAt: new Date().toISOString(),
  };
  try {
    if (roleArns) {
      result.mode = 'perRole';
      await readRoles(roleArns, result, deps, iam);
    } else {
      try {
        const details = await iam(() =>
          // The AWS-managed policies in use ride along in the same pages,
          // which is cheaper than two reads per policy.
          deps.iam.getAccountAuthorizationDetails(accountId, [
            'Role',
            'LocalManagedPolicy',
            'AWSManagedPolicy',
          ]),
        );
        result.roles = details.roles;
        result.policies = details.policies;
        details.policies
          .filter(p => p.awsManaged)
          .forEach(p => deps.awsManagedPolicies.put(p));
      } catch (e) {
        if (!isAccessDeniedError(e)) {
          throw e;
        }
        result.mode = 'perRole';
        const all = await iam(() => deps.iam.listRoles(accountId));
        await readRoles(
          all.map(r => r.arn),
          result,
          deps,
          iam,
        );
      }
    }
    await readReferencedPolicies(result, deps, iam);
  } catch (e) {
    return {
      ...result,
      roles: [],
      policies: [],
      error: describeError(e),
    };
  }
  result.scannedAt = new Date().toISOString();
  return result;
}

async function readRoles(
  roleArns: string[],
  result: AccountIamInventory,
  deps: AccountIamScanDeps,
  iam: <T>(call: () => Promise<T>) => Promise<T>,
) {
  const { accountId } = result;
  const roles = await Promise.all(
    [...new Set(roleArns)].map(async arn => {
      const name = roleNameOfArn(arn);
      try {
        // One limiter slot per call, so a role with many inline policies
        // cannot exceed the account's concurrency.
        const basics = await iam(() => deps.iam.getRole(accountId, name));
        const [inlineNames, attached] = await Promise.all([
          iam(() => deps.iam.listRolePolicies(accountId, name)),
          iam(() => deps.iam.listAttachedRolePolicies(accountId, name)),
        ]);
        const inlinePolicies = await Promise.all(
          inlineNames.map(async policyName => ({
            name: policyName,
            document: await iam(() =>
              deps.iam.getRolePolicy(accountId, name, policyName),
            ),
          })),
        );
        const role: RoleRecord = {
          ...basics,
          inlinePolicies,
          attachedPolicyArns: attached.map(p => p.arn),
        };
        return role;
      } catch (e) {
        if (isNotFoundError(e)) {
          result.notFoundRoleArns.push(arn);
          return undefined;
        }
        throw e;
      }
    }),
  );
  result.roles = roles.filter((r): r is RoleRecord => r !== undefined);
}

/** Managed policies the roles attach or use as boundary that are not read yet. */
async function readReferencedPolicies(
  result: AccountIamInventory,
  deps: AccountIamScanDeps,
  iam: <T>(call: () => Promise<T>) => Promise<T>,
) {
  const known = new Set(result.policies.map(p => p.arn));
  const wanted = new Set<string>();
  for (const role of result.roles) {
    for (const arn of role.attachedPolicyArns) {
      wanted.add(arn);
    }
    if (role.permissionsBoundaryArn) {
      wanted.add(role.permissionsBoundaryArn);
    }
  }
  const missing = [...wanted].filter(arn => !known.has(arn));
  const read = (arn: string) => () =>
    iam(() => deps.iam.getPolicy(result.accountId, arn)).then(async meta => ({
      ...meta,
      document: await iam(() =>
        deps.iam.getPolicyVersion(result.accountId, arn, meta.defaultVersionId),
      ),
    }));
  const policies = await Promise.all(
    missing.map(arn =>
      isAwsManagedPolicyArn(arn)
        ? deps.awsManagedPolicies.get(arn, read(arn))
        : read(arn)().catch(() => undefined),
    ),
  );
  missing.forEach((arn, i) => {
    const policy = policies[i];
    if (policy) {
      result.policies.push(policy);
    } else {
      result.unreadablePolicyArns.push(arn);
    }
  });
}
