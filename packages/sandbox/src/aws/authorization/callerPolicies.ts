import {
  accountOfArn,
  type NamedPolicy,
  type PolicySet,
} from '@pod-identity/plugin-eks-pod-identity-common';
import type { Caller } from '../context';
import type { RoleState, SandboxState } from '../../state/model';

type PolicyDocument = NamedPolicy['document'];

// Documents are kept as text; parsing once per distinct text keeps the
// evaluator's per-document statement cache warm across calls.
const parsed = new Map<string, PolicyDocument>();

function documentOf(text: string): PolicyDocument {
  let document = parsed.get(text);
  if (!document) {
    document = JSON.parse(text) as PolicyDocument;
    parsed.set(text, document);
  }
  return document;
}

function managedPolicy(
  state: SandboxState,
  role: RoleState,
  arn: string,
): NamedPolicy | undefined {
  const account = state.accounts.get(accountOfArn(role.arn)!);
  const policy = account && state.findPolicy(account, arn);
  if (!policy) return undefined;
  const version = policy.versions.find(
    v => v.versionId === policy.defaultVersionId,
  );
  return version
    ? { name: policy.name, arn, document: documentOf(version.document) }
    : undefined;
}

/** The identity policies, boundary and session policy of a role session. */
export function rolePolicySet(
  state: SandboxState,
  role: RoleState,
  sessionPolicy?: string,
): PolicySet {
  const identityPolicies: NamedPolicy[] = [
    ...role.attachedPolicyArns.flatMap(arn => {
      const policy = managedPolicy(state, role, arn);
      return policy ? [policy] : [];
    }),
    ...[...role.inlinePolicies].map(([name, text]) => ({
      name,
      document: documentOf(text),
    })),
  ];
  const boundary = role.permissionsBoundaryArn
    ? managedPolicy(state, role, role.permissionsBoundaryArn) ?? {
        // A boundary that no longer exists allows nothing.
        arn: role.permissionsBoundaryArn,
        document: { Version: '2012-10-17', Statement: [] },
      }
    : undefined;
  return {
    identityPolicies,
    ...(boundary && { boundary }),
    ...(sessionPolicy && {
      sessionPolicy: {
        name: 'session policy',
        document: documentOf(sessionPolicy),
      },
    }),
  };
}

/**
 * What the caller's requests are evaluated against: `administrator` for an
 * account's own keys (the sandbox's stand-in for an administrator's access
 * key), the role's policies for a role session. A session whose role has
 * been deleted since has no policies.
 */
export function callerPolicies(
  state: SandboxState,
  caller: Caller,
): PolicySet | 'administrator' {
  if (!caller.session) return 'administrator';
  const role = state.findRoleByArn(caller.session.roleArn);
  if (!role || role.id !== caller.session.roleId) {
    return { identityPolicies: [] };
  }
  return rolePolicySet(state, role, caller.session.policy);
}
