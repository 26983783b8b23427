import type { AuthService, LoggerService } from '@backstage/backend-plugin-api';
import type { CatalogService } from '@backstage/plugin-catalog-node';
import type { EksPodIdentityChangedEvent } from '@pod-identity/plugin-eks-pod-identity-common';
import {
  describeError,
  type AssociationRecord,
  type AssociationScope,
  type ClusterRef,
  type InventoryScanner,
} from '@pod-identity/plugin-eks-pod-identity-node';
import type { SnapshotStore } from '../database/SnapshotStore';
import { refreshEntityMappings } from '../mapping/refreshEntityMappings';
import type { SnapshotReadModel } from '../snapshot/SnapshotReadModel';

export interface ChangeRefresherOptions {
  scanner: InventoryScanner;
  store: SnapshotStore;
  readModel: SnapshotReadModel;
  catalog: CatalogService;
  auth: AuthService;
  logger: LoggerService;
}

const accountOf = (arn: string) => arn.split(':')[4];

/**
 * Re-reads what a change announced on `eks-pod-identity.changed` touched —
 * one association, one service account's, or one cluster, and the roles
 * involved — merges it into the stored snapshot and reloads the read model,
 * so the change is served within seconds instead of at the next scan. Changes
 * are applied one at a time, in the order they arrive.
 */
export class ChangeRefresher {
  private queue: Promise<void> = Promise.resolve();

  constructor(private readonly options: ChangeRefresherOptions) {}

  /** Queues the re-read; resolves once it is applied. Never rejects. */
  refresh(event: EksPodIdentityChangedEvent): Promise<void> {
    const applied = this.queue.then(() =>
      this.apply(event).catch(error =>
        // The change then shows with the next scan; nothing served is lost.
        this.options.logger.warn(
          `Could not re-read the change to ${describeChange(
            event,
          )}: ${describeError(error)}`,
        ),
      ),
    );
    this.queue = applied;
    return applied;
  }

  private async apply(event: EksPodIdentityChangedEvent): Promise<void> {
    const { store, readModel, logger } = this.options;
    const ref = event.cluster
      ? await this.clusterRef(event.cluster)
      : undefined;
    if (event.cluster && !ref) {
      logger.info(
        `Cluster ${event.cluster} is not in the inventory yet; the next scan reads it`,
      );
    }
    const roleArns = new Set(event.roleArns ?? []);
    if (ref) {
      const associations = await this.rereadCluster(ref, event);
      for (const a of associations) {
        roleArns.add(a.roleArn);
        if (a.targetRoleArn) roleArns.add(a.targetRoleArn);
      }
    }
    await this.rereadRoles([...roleArns]);
    // A scan that read this cluster before the change may save it after
    // this; the request makes that scan read the cluster once more.
    if (ref && (await store.readMeta()).scanStartedAt) {
      await store.addRefreshRequest({ cluster: ref.name });
    }
    // Served first; the entity mappings (owners) follow, and the read model
    // picks them up with its next generation check.
    const view = await readModel.reload();
    await refreshEntityMappings({ ...this.options, directory: view });
    logger.info(`Re-read ${describeChange(event)} after a change`);
  }

  /** The associations read (the scope's, as they are now). */
  private async rereadCluster(
    ref: ClusterRef,
    event: EksPodIdentityChangedEvent,
  ): Promise<AssociationRecord[]> {
    const { scanner, store, logger } = this.options;
    const { namespace, serviceAccount, associationId } = event;
    if (!associationId && !namespace && event.kind !== 'role') {
      // The cluster itself changed (e.g. an add-on): read all of it again.
      const inventory = await scanner.scanCluster(ref);
      await store.saveCluster(inventory, inventory.scannedAt);
      return inventory.associations;
    }
    if (namespace && serviceAccount) {
      try {
        await store.saveServiceAccount(
          ref.name,
          namespace,
          serviceAccount,
          await scanner.scanServiceAccount(ref, namespace, serviceAccount),
        );
      } catch (error) {
        // The associations and roles still refresh; the service account
        // shows as of the last scan.
        logger.warn(
          `Could not re-read service account ${
            ref.name
          }:${namespace}/${serviceAccount}: ${describeError(error)}`,
        );
      }
    }
    if (event.kind === 'service-account' || event.kind === 'role') return [];
    const scope: AssociationScope = associationId
      ? { associationId }
      : { namespace, serviceAccount };
    const associations = await scanner.scanAssociations(ref, scope);
    await store.saveAssociations(ref.name, scope, associations);
    return associations;
  }

  private async rereadRoles(arns: string[]): Promise<void> {
    const { scanner, store, logger } = this.options;
    const byAccount = new Map<string, string[]>();
    for (const arn of arns) {
      const account = accountOf(arn);
      if (account)
        byAccount.set(account, [...(byAccount.get(account) ?? []), arn]);
    }
    for (const [accountId, roleArns] of byAccount) {
      const read = await scanner.scanAccountIam(accountId, { roleArns });
      if (read.error) {
        logger.warn(`Could not re-read roles in ${accountId}: ${read.error}`);
      }
      await store.mergeAccountRoles(read);
    }
  }

  private async clusterRef(name: string): Promise<ClusterRef | undefined> {
    const cluster = (await this.options.readModel.current()).cluster(name);
    if (!cluster) return undefined;
    return {
      name: cluster.name,
      accountId: cluster.accountId,
      region: cluster.region,
      title: cluster.title,
      source: 'config',
    };
  }
}

function describeChange(event: EksPodIdentityChangedEvent): string {
  const where = [
    event.cluster,
    event.namespace && `${event.namespace}/${event.serviceAccount ?? '*'}`,
    event.associationId,
    ...(event.roleArns ?? []),
  ].filter(Boolean);
  return `${event.kind} ${where.join(' ')}`.trim();
}
