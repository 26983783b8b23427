import type { KubernetesSeed } from '../types';
import { workloadCredentials, WORKLOAD_SESSION_NAME } from './workloadKeys';
import {
  buildArn,
  roleArnOf,
} from '@pod-identity/plugin-eks-pod-identity-common';

// Hashing per lookup would cost every request a pass over all roles' hashes.
const workloadKeyCache = new WeakMap<
  RoleState,
  ReturnType<typeof workloadCredentials>
>();

function workloadKeysOf(role: RoleState) {
  let keys = workloadKeyCache.get(role);
  if (!keys) {
    keys = workloadCredentials(role.arn);
    workloadKeyCache.set(role, keys);
  }
  return keys;
}

/**
 * In-memory AWS state of the sandbox. Documents are kept as the text the
 * caller sent (AWS answers them back verbatim, URL-encoded); maps keep
 * insertion order, which is the order AWS-like listings use here.
 */

export type RoleState = {
  name: string;
  path: string;
  id: string;
  arn: string;
  createDate: Date;
  description?: string;
  maxSessionDuration: number;
  trustPolicy: string;
  permissionsBoundaryArn?: string;
  tags: Map<string, string>;
  attachedPolicyArns: string[];
  inlinePolicies: Map<string, string>;
  lastUsed?: { date: Date; region?: string };
  /** Service namespace → when the role last used it (IAM's service last accessed data). */
  lastAccessed: Map<string, ServiceLastAccessed>;
  /**
   * Principal ARN → unique id of the role or user it named when the trust
   * policy was set: IAM keeps the id, so a principal deleted (or deleted and
   * recreated) later no longer matches and reads back as its id.
   */
  trustPrincipalIds: Map<string, string>;
  /** Epoch ms from which EKS and STS see the role (IAM's eventual consistency). */
  usableFrom: number;
};

export type ServiceLastAccessed = {
  date: Date;
  region?: string;
  /** Tracked action name (without the prefix) → when it was last used. */
  actions: Map<string, Date>;
};

/** A GenerateServiceLastAccessedDetails job. */
export type LastAccessedJobState = {
  id: string;
  /** Only the identity that started a job may read it, as IAM requires. */
  callerArn: string;
  arn: string;
  granularity: 'SERVICE_LEVEL' | 'ACTION_LEVEL';
  createdAt: Date;
  /** When GetServiceLastAccessedDetails stops answering IN_PROGRESS. */
  completesAt: Date;
};

export type PolicyVersionState = {
  versionId: string;
  document: string;
  createDate: Date;
};

export type ManagedPolicyState = {
  name: string;
  path: string;
  arn: string;
  id: string;
  description?: string;
  createDate: Date;
  updateDate: Date;
  defaultVersionId: string;
  versions: PolicyVersionState[];
  tags: Map<string, string>;
  awsManaged: boolean;
};

export type AssociationState = {
  id: string;
  arn: string;
  clusterName: string;
  namespace: string;
  serviceAccount: string;
  roleArn: string;
  targetRoleArn?: string;
  disableSessionTags: boolean;
  policy?: string;
  tags: Map<string, string>;
  ownerArn?: string;
  externalId: string;
  createdAt: Date;
  modifiedAt: Date;
};

export type AddonState = {
  name: string;
  version: string;
  status: string;
  /** When a CREATING add-on turns ACTIVE. */
  activeAt?: Date;
  arn: string;
  createdAt: Date;
  modifiedAt: Date;
  tags: Map<string, string>;
};

/** An EKS access policy associated with an access entry. */
export type AssociatedAccessPolicyState = {
  policyArn: string;
  accessScope: { type: 'cluster' | 'namespace'; namespaces: string[] };
  associatedAt: Date;
  modifiedAt: Date;
};

/** An EKS access entry: who may sign in to the cluster's Kubernetes API, and as what. */
export type AccessEntryState = {
  principalArn: string;
  /**
   * The principal's unique id when the entry was made: a principal deleted and
   * made again under the same ARN does not match it, as on EKS.
   */
  principalId?: string;
  arn: string;
  type: string;
  username: string;
  kubernetesGroups: string[];
  tags: Map<string, string>;
  createdAt: Date;
  modifiedAt: Date;
  /** By policy ARN. */
  accessPolicies: Map<string, AssociatedAccessPolicyState>;
};

export type ClusterState = {
  accountId: string;
  name: string;
  region: string;
  arn: string;
  version: string;
  createdAt: Date;
  autoMode: boolean;
  oidcIssuer: string;
  tags: Map<string, string>;
  addons: Map<string, AddonState>;
  /** `accessConfig.authenticationMode`: API, API_AND_CONFIG_MAP or CONFIG_MAP. */
  authenticationMode: string;
  /** By principal ARN. */
  accessEntries: Map<string, AccessEntryState>;
  associations: Map<string, AssociationState>;
  /** `namespace/serviceAccount` → epoch ms until which a deleted association still holds it. */
  releasingSlots: Map<string, number>;
  /** clientRequestToken → the association it created and a fingerprint of its parameters. */
  requestTokens: Map<string, { fingerprint: string; associationId: string }>;
  kubernetes?: KubernetesSeed;
  /** Whether the seed starts the cluster's Kubernetes API down. */
  seededDown: boolean;
};

export type AccountState = {
  id: string;
  alias?: string;
  accessKeyId: string;
  secretAccessKey: string;
  /** Identity the account's own keys belong to (an IAM user). */
  callerArn: string;
  callerUserId: string;
  /** Keyed by lower-cased name: IAM role names are unique regardless of case. */
  roles: Map<string, RoleState>;
  policies: Map<string, ManagedPolicyState>;
  /** Keyed by `region/name`. */
  clusters: Map<string, ClusterState>;
};

/** Temporary credentials handed out by AssumeRole. */
export type SessionState = {
  accessKeyId: string;
  secretAccessKey: string;
  sessionToken: string;
  accountId: string;
  roleArn: string;
  roleName: string;
  roleId: string;
  sessionName: string;
  expiration: Date;
  /** The AssumeRole `Policy` parameter, as sent. */
  policy?: string;
};

/** How the sandbox holds callers to AWS's rules; see SandboxOptions. */
export type Enforcement = {
  authorization: boolean;
  consistencyDelayMs: number;
};

export class SandboxState {
  readonly accounts = new Map<string, AccountState>();
  readonly awsManagedPolicies = new Map<string, ManagedPolicyState>();
  readonly sessions = new Map<string, SessionState>();
  readonly lastAccessedJobs = new Map<string, LastAccessedJobState>();
  /** How long a last-accessed report job stays IN_PROGRESS. */
  lastAccessedJobMs = 200;
  enforcement: Enforcement = { authorization: true, consistencyDelayMs: 0 };

  /**
   * Workload key → the role it was last found for. Every request signed with
   * workload keys asks; without it, each would hash its way through every
   * role of every account (6,000 at the ×10 bench).
   */
  private readonly workloadRoles = new Map<
    string,
    { account: AccountState; role: RoleState }
  >();

  /** A role's workload keys (see workloadKeys.ts) → a session of it, while the role exists. */
  workloadSession(accessKeyId: string): SessionState | undefined {
    // Workload keys are long-term style keys; session keys (ASIA…) never match.
    if (!accessKeyId.startsWith('AKIA')) return undefined;
    const known = this.workloadRoles.get(accessKeyId);
    // A deleted role's keys stop working; a role recreated under the same
    // ARN is a new object and is found again by the search below.
    if (
      known &&
      known.account.roles.get(known.role.name.toLowerCase()) === known.role
    ) {
      return this.workloadSessionOf(known.account, known.role);
    }
    this.workloadRoles.delete(accessKeyId);
    for (const account of this.accounts.values()) {
      for (const role of account.roles.values()) {
        if (workloadKeysOf(role).accessKeyId !== accessKeyId) continue;
        this.workloadRoles.set(accessKeyId, { account, role });
        return this.workloadSessionOf(account, role);
      }
    }
    return undefined;
  }

  private workloadSessionOf(
    account: AccountState,
    role: RoleState,
  ): SessionState {
    const keys = workloadKeysOf(role);
    return {
      ...keys,
      sessionToken: '',
      accountId: account.id,
      roleArn: role.arn,
      roleName: role.name,
      roleId: role.id,
      sessionName: WORKLOAD_SESSION_NAME,
      expiration: new Date(8_640_000_000_000_000),
    };
  }

  /** Whether EKS and STS see a role yet (a new role takes a while to reach them). */
  isUsable(role: RoleState, now = Date.now()): boolean {
    return role.usableFrom <= now;
  }

  defaultAccount(): AccountState {
    const first = this.accounts.values().next().value;
    if (!first) {
      throw new Error('The sandbox has no account');
    }
    return first;
  }

  accountByAccessKey(accessKeyId: string): AccountState | undefined {
    for (const account of this.accounts.values()) {
      if (account.accessKeyId === accessKeyId) return account;
    }
    return undefined;
  }

  /** A customer-managed policy of the account, or an AWS-managed one. */
  findPolicy(
    account: AccountState,
    arn: string,
  ): ManagedPolicyState | undefined {
    return account.policies.get(arn) ?? this.awsManagedPolicies.get(arn);
  }

  findRoleByArn(arn: string): RoleState | undefined {
    const parsed = parseRoleArn(arn);
    if (!parsed) return undefined;
    const role = this.accounts
      .get(parsed.accountId)
      ?.roles.get(parsed.name.toLowerCase());
    return role?.arn === arn ? role : undefined;
  }

  findCluster(name: string, accountId?: string): ClusterState | undefined {
    for (const account of this.accounts.values()) {
      if (accountId && account.id !== accountId) continue;
      for (const cluster of account.clusters.values()) {
        if (cluster.name === name) return cluster;
      }
    }
    return undefined;
  }

  allClusters(): ClusterState[] {
    return [...this.accounts.values()].flatMap(a => [...a.clusters.values()]);
  }
}

/** `arn:aws:iam::123456789012:role/some/path/name` → account, path and name. */
export function parseRoleArn(
  arn: string,
): { accountId: string; path: string; name: string } | undefined {
  const m =
    /^arn:aws:iam::(\d{12}):role(\/(?:[^/]+\/)*)([\w+=,.@-]{1,64})$/.exec(arn);
  return m ? { accountId: m[1], path: m[2], name: m[3] } : undefined;
}

/**
 * The sandbox emulates the commercial partition: its IAM, whose resources
 * carry no region, lives there.
 */
const SANDBOX_PARTITION = 'aws';

export function roleArn(accountId: string, path: string, name: string): string {
  return roleArnOf({ partition: SANDBOX_PARTITION, accountId, path, name });
}

export function policyArn(
  accountId: string,
  path: string,
  name: string,
): string {
  return buildArn({
    partition: SANDBOX_PARTITION,
    service: 'iam',
    region: '',
    accountId,
    resource: `policy${path}${name}`,
  });
}

export function associationArn(cluster: ClusterState, id: string): string {
  return buildArn({
    service: 'eks',
    region: cluster.region,
    accountId: cluster.accountId,
    resource: `podidentityassociation/${cluster.name}/${id}`,
  });
}
