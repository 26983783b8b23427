import {
  formatServiceAccountRef,
  NamedPolicy,
  PolicySet,
  accountOfArn,
  parseArn,
  policyNameOfArn,
  roleNameOfArn,
} from '@pod-identity/plugin-eks-pod-identity-common';
import type {
  AccountIamInventory,
  AssociationRecord,
  ClusterInventory,
  ManagedPolicyRecord,
  RoleRecord,
  ServiceAccountRecord,
} from '../inventory/types';
import type { AnalysisInput } from './types';

/** What the inventory says about a role ARN. */
export type RoleLookup =
  | { state: 'found'; role: RoleRecord }
  | { state: 'notFound' }
  /** Its account was not read (no credentials, or the read failed). */
  | { state: 'unknown'; reason: string };

/** A role's policies as the evaluator takes them, and what could not be read. */
export interface RolePolicies extends PolicySet {
  /**
   * Managed policies (or the boundary) whose documents the inventory lacks;
   * an unreadable boundary is represented as allowing nothing.
   */
  unreadablePolicyArns: string[];
}

export interface AssociationInCluster {
  cluster: ClusterInventory;
  association: AssociationRecord;
}

/** `arn:<partition>:iam::<account>:role/<path/>name` → account and name (paths aside). */
export function roleKeyOf(arn: string): string | undefined {
  const parsed = parseArn(arn);
  if (
    parsed?.service !== 'iam' ||
    parsed.region !== '' ||
    !/^\d{12}$/.test(parsed.accountId) ||
    !parsed.resource.startsWith('role/') ||
    parsed.resource.endsWith('/')
  ) {
    return undefined;
  }
  return `${parsed.accountId}/${roleNameOfArn(arn)}`;
}

/**
 * The inventory indexed for the analysis: roles by ARN (a role name is unique
 * in its account whatever its path), policies by ARN, associations by id and
 * by service account.
 */
export class InventoryIndex {
  readonly clusters: ClusterInventory[];
  private readonly accounts = new Map<string, AccountIamInventory>();
  private readonly roles = new Map<string, RoleRecord>();
  private readonly notFound = new Set<string>();
  private readonly policies = new Map<string, ManagedPolicyRecord>();
  private readonly associationsById = new Map<string, AssociationInCluster>();
  private readonly associationsBySa = new Map<string, AssociationInCluster>();
  private readonly serviceAccounts = new Map<string, ServiceAccountRecord>();
  private readonly rolePolicies = new Map<string, RolePolicies>();
  private readonly lookups = new Map<string, RoleLookup>();

  constructor(input: AnalysisInput) {
    this.clusters = input.clusters;
    for (const account of input.accounts) {
      this.accounts.set(account.accountId, account);
      for (const role of account.roles) {
        const key = roleKeyOf(role.arn);
        if (key) this.roles.set(key, role);
      }
      for (const arn of account.notFoundRoleArns) {
        const key = roleKeyOf(arn);
        if (key) this.notFound.add(key);
      }
      for (const policy of account.policies)
        this.policies.set(policy.arn, policy);
    }
    for (const cluster of input.clusters) {
      for (const association of cluster.associations) {
        const entry = { cluster, association };
        this.associationsById.set(association.associationId, entry);
        this.associationsBySa.set(
          formatServiceAccountRef({
            cluster: cluster.cluster.name,
            namespace: association.namespace,
            serviceAccount: association.serviceAccount,
          }),
          entry,
        );
      }
      for (const sa of cluster.serviceAccounts) {
        this.serviceAccounts.set(
          formatServiceAccountRef({
            cluster: cluster.cluster.name,
            namespace: sa.namespace,
            serviceAccount: sa.name,
          }),
          sa,
        );
      }
    }
  }

  role(arn: string): RoleLookup {
    // Every rule looks roles up by ARN, most of them once per association.
    let lookup = this.lookups.get(arn);
    if (!lookup) {
      lookup = this.lookUp(arn);
      this.lookups.set(arn, lookup);
    }
    return lookup;
  }

  private lookUp(arn: string): RoleLookup {
    const key = roleKeyOf(arn);
    if (!key) return { state: 'notFound' };
    const role = this.roles.get(key);
    if (role) return { state: 'found', role };
    if (this.notFound.has(key)) return { state: 'notFound' };
    const accountId = accountOfArn(arn) ?? '';
    const account = this.accounts.get(accountId);
    if (account?.complete && !account.error) return { state: 'notFound' };
    return {
      state: 'unknown',
      reason: account?.error
        ? `account ${accountId} could not be read (${account.error})`
        : `account ${accountId} is not readable: no credentials for it under aws.accounts`,
    };
  }

  policy(arn: string): ManagedPolicyRecord | undefined {
    return this.policies.get(arn);
  }

  association(id: string): AssociationInCluster | undefined {
    return this.associationsById.get(id);
  }

  associationOf(key: string): AssociationInCluster | undefined {
    return this.associationsBySa.get(key);
  }

  serviceAccount(key: string): ServiceAccountRecord | undefined {
    return this.serviceAccounts.get(key);
  }

  /** Managed + inline policies and the boundary of a role, named for explanations. */
  policiesOf(role: RoleRecord): RolePolicies {
    let cached = this.rolePolicies.get(role.arn);
    if (cached) return cached;
    const unreadablePolicyArns: string[] = [];
    const managed = (arn: string): NamedPolicy | undefined => {
      const policy = this.policies.get(arn);
      if (!policy) {
        unreadablePolicyArns.push(arn);
        return undefined;
      }
      return { name: policy.name, arn, document: policy.document };
    };
    const identityPolicies = [
      ...role.attachedPolicyArns.flatMap(arn => managed(arn) ?? []),
      ...role.inlinePolicies.map(p => ({ name: p.name, document: p.document })),
    ];
    // A boundary that cannot be read allows nothing here: guessing it away
    // would report access the role may not have.
    const boundaryArn = role.permissionsBoundaryArn;
    const boundary = boundaryArn
      ? managed(boundaryArn) ?? {
          arn: boundaryArn,
          name: policyNameOfArn(boundaryArn),
          document: { Version: '2012-10-17', Statement: [] },
        }
      : undefined;
    cached = {
      identityPolicies,
      ...(boundary ? { boundary } : {}),
      unreadablePolicyArns,
    };
    this.rolePolicies.set(role.arn, cached);
    return cached;
  }
}
