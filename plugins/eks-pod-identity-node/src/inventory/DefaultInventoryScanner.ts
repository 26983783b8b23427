import type { LoggerService } from '@backstage/backend-plugin-api';
import { Config } from '@backstage/config';
import { AwsClientFactory } from '../aws/AwsClientFactory';
import { DefaultEksGateway, EksGateway } from '../aws/EksGateway';
import { DefaultIamGateway, IamGateway } from '../aws/IamGateway';
import {
  EksPodIdentityConfig,
  readEksPodIdentityConfig,
} from '../config/readConfig';
import { DefaultEksTokenProvider } from '../kubernetes/EksTokenProvider';
import {
  DefaultKubernetesGateway,
  KubernetesGateway,
} from '../kubernetes/KubernetesGateway';
import { isNotFoundError } from '../aws/errors';
import { toServiceAccountRecord } from './kubernetesRecords';
import { ClusterDirectory, DefaultClusterDirectory } from './ClusterDirectory';
import { RequestLimiters } from './RequestLimiters';
import { AwsManagedPolicyCache, scanAccountIam } from './scanAccountIam';
import { scanCluster } from './scanCluster';
import type {
  AccountIamInventory,
  AccountIamScanOptions,
  AssociationRecord,
  AssociationScope,
  ClusterInventory,
  ClusterRef,
  InventoryScan,
  InventoryScanner,
  ScanOptions,
  ServiceAccountRecord,
} from './types';
import { accountOfArn } from '@pod-identity/plugin-eks-pod-identity-common';

export interface DefaultInventoryScannerOptions {
  /** Where the clusters to scan come from. */
  directory: ClusterDirectory;
  eks: EksGateway;
  iam: IamGateway;
  kubernetes: KubernetesGateway;
  /** Whether the `aws` config has credentials for an account. */
  hasCredentials: (accountId: string) => Promise<boolean>;
  /** Calls in flight per account-region (EKS) and per account (IAM). */
  concurrency: number;
  kubernetesTimeoutMs?: number;
  logger?: LoggerService;
}

const DEFAULT_KUBERNETES_TIMEOUT_MS = 60_000;

export class DefaultInventoryScanner implements InventoryScanner {
  private readonly limiters: RequestLimiters;

  static fromConfig(
    config: Config,
    options?: {
      /** The parsed `eksPodIdentity` config, when the caller has it already. */
      settings?: EksPodIdentityConfig;
      clients?: AwsClientFactory;
      directory?: ClusterDirectory;
      eks?: EksGateway;
      iam?: IamGateway;
      kubernetes?: KubernetesGateway;
      logger?: LoggerService;
    },
  ): DefaultInventoryScanner {
    const settings = options?.settings ?? readEksPodIdentityConfig(config);
    const clients = options?.clients ?? AwsClientFactory.fromConfig(config);
    const eks = options?.eks ?? new DefaultEksGateway(clients);
    return new DefaultInventoryScanner({
      directory:
        options?.directory ??
        DefaultClusterDirectory.fromConfig(settings, { eks }),
      eks,
      iam: options?.iam ?? new DefaultIamGateway(clients),
      kubernetes:
        options?.kubernetes ??
        new DefaultKubernetesGateway(eks, new DefaultEksTokenProvider(clients)),
      hasCredentials: accountId => clients.hasCredentials(accountId),
      concurrency: settings.requests.concurrency,
      logger: options?.logger,
    });
  }

  constructor(private readonly options: DefaultInventoryScannerOptions) {
    this.limiters = new RequestLimiters(options.concurrency);
  }

  listClusters() {
    return this.options.directory.list();
  }

  scanCluster(ref: ClusterRef): Promise<ClusterInventory> {
    return scanCluster(ref, {
      eks: this.options.eks,
      kubernetes: this.options.kubernetes,
      limiters: this.limiters,
      kubernetesTimeoutMs:
        this.options.kubernetesTimeoutMs ?? DEFAULT_KUBERNETES_TIMEOUT_MS,
    });
  }

  scanAccountIam(
    accountId: string,
    options?: AccountIamScanOptions,
  ): Promise<AccountIamInventory> {
    return this.scanAccountIamWith(
      accountId,
      options?.roleArns,
      new AwsManagedPolicyCache(),
    );
  }

  async scanAssociations(
    ref: ClusterRef,
    scope: AssociationScope,
  ): Promise<AssociationRecord[]> {
    const { eks } = this.options;
    const limited = <T>(call: () => Promise<T>) =>
      this.limiters.eks(ref.accountId, ref.region, call);
    const describe = (associationId: string) =>
      limited(() => eks.describeAssociation(ref, associationId)).catch(e => {
        // Deleted meanwhile (or the change was a delete): it no longer exists.
        if (isNotFoundError(e)) return undefined;
        throw e;
      });
    const ids = scope.associationId
      ? [scope.associationId]
      : (
          await limited(() =>
            eks.listAssociations(ref, {
              namespace: scope.namespace,
              serviceAccount: scope.serviceAccount,
            }),
          )
        ).map(s => s.associationId);
    const records = await Promise.all(ids.map(describe));
    return records.filter((r): r is AssociationRecord => r !== undefined);
  }

  async scanServiceAccount(
    ref: ClusterRef,
    namespace: string,
    name: string,
  ): Promise<ServiceAccountRecord | undefined> {
    const found = await this.options.kubernetes
      .forCluster(ref)
      .readServiceAccount(namespace, name);
    return found ? toServiceAccountRecord(found) : undefined;
  }

  async scan(options?: ScanOptions): Promise<InventoryScan> {
    const signal = options?.signal;
    const startedAt = new Date().toISOString();
    const listed = await this.listClusters();
    signal?.throwIfAborted();
    const wanted = options?.clusters ? new Set(options.clusters) : undefined;
    const refs = listed.clusters.filter(c => !wanted || wanted.has(c.name));
    const policyCache = new AwsManagedPolicyCache();

    // The IAM of the cluster accounts is read while the clusters are, since
    // IAM and EKS are throttled separately; only roles in other accounts
    // (cross-account targets) have to wait for the associations.
    const fullAccounts = [...new Set(refs.map(r => r.accountId))];
    const accountScans = fullAccounts.map(accountId =>
      this.scanAccountIamWith(accountId, undefined, policyCache),
    );
    const clusters = await Promise.all(
      refs.map(async ref => {
        signal?.throwIfAborted();
        const inventory = await this.scanCluster(ref);
        // Whoever asked has given up: nothing more is handed over.
        signal?.throwIfAborted();
        await options?.onCluster?.(inventory);
        return inventory;
      }),
    );
    signal?.throwIfAborted();

    const foreignRoles = new Map<string, Set<string>>();
    for (const association of clusters.flatMap(c => c.associations)) {
      for (const arn of [association.roleArn, association.targetRoleArn]) {
        const account = arn ? accountOfArn(arn) : undefined;
        if (arn && account && !fullAccounts.includes(account)) {
          const roles = foreignRoles.get(account) ?? new Set<string>();
          roles.add(arn);
          foreignRoles.set(account, roles);
        }
      }
    }
    const unreadableAccountIds: string[] = [];
    const foreignScans = [...foreignRoles].map(async ([accountId, arns]) => {
      if (!(await this.options.hasCredentials(accountId))) {
        unreadableAccountIds.push(accountId);
        return undefined;
      }
      return this.scanAccountIamWith(accountId, [...arns], policyCache);
    });
    const accounts = [
      ...(await Promise.all(accountScans)),
      ...(await Promise.all(foreignScans)).filter(
        (a): a is AccountIamInventory => a !== undefined,
      ),
    ];
    signal?.throwIfAborted();
    this.logSummary(clusters, accounts, unreadableAccountIds);
    return {
      startedAt,
      finishedAt: new Date().toISOString(),
      clusters,
      accounts,
      unreadableAccountIds: unreadableAccountIds.sort(),
      discoveryErrors: listed.errors,
    };
  }

  private scanAccountIamWith(
    accountId: string,
    roleArns: string[] | undefined,
    awsManagedPolicies: AwsManagedPolicyCache,
  ) {
    return scanAccountIam(accountId, roleArns, {
      iam: this.options.iam,
      limiters: this.limiters,
      awsManagedPolicies,
    });
  }

  private logSummary(
    clusters: ClusterInventory[],
    accounts: AccountIamInventory[],
    unreadableAccountIds: string[],
  ) {
    const logger = this.options.logger;
    if (!logger) {
      return;
    }
    for (const c of clusters) {
      if (c.cluster.error) {
        logger.warn(
          `Scan of cluster ${c.cluster.name} failed: ${c.cluster.error}`,
        );
      } else if (c.kubernetesError) {
        logger.warn(
          `Kubernetes API of cluster ${c.cluster.name} not read: ${c.kubernetesError}`,
        );
      }
    }
    for (const a of accounts) {
      if (a.error) {
        logger.warn(`IAM of account ${a.accountId} not read: ${a.error}`);
      } else if (a.complete && a.mode === 'perRole') {
        logger.info(
          `IAM of account ${a.accountId} read role by role: GetAccountAuthorizationDetails is denied to the configured credentials`,
        );
      }
    }
    if (unreadableAccountIds.length > 0) {
      logger.info(
        `Roles in accounts ${unreadableAccountIds.join(
          ', ',
        )} are not readable: add them to aws.accounts to read cross-account target roles`,
      );
    }
    logger.info(
      `Inventory scan: ${clusters.length} clusters, ${clusters.reduce(
        (n, c) => n + c.associations.length,
        0,
      )} associations, ${accounts.reduce(
        (n, a) => n + a.roles.length,
        0,
      )} roles`,
    );
  }
}
