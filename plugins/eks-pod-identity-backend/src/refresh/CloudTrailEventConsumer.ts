import type { LoggerService } from '@backstage/backend-plugin-api';
import {
  roleArnOf,
  type EksPodIdentityChangedEvent,
} from '@pod-identity/plugin-eks-pod-identity-common';
import type { SnapshotReadModel } from '../snapshot/SnapshotReadModel';
import type { SnapshotView } from '../snapshot/SnapshotView';
import type { ChangeRefresher } from './ChangeRefresher';
import { parseCloudTrailEvent, type CloudTrailChange } from './cloudTrailEvent';

export interface CloudTrailEventConsumerOptions {
  changes: Pick<ChangeRefresher, 'refreshAll'>;
  readModel: SnapshotReadModel;
  logger: LoggerService;
  /** Events for one thing within this window cause one re-read. */
  coalesceWindowMs: number;
}

type Resolved =
  | { key: string; event: EksPodIdentityChangedEvent }
  | { roleArns: string[]; accountId: string }
  | { dropped: string };

/**
 * Turns CloudTrail management events (from the EventBridge rule's SQS queue,
 * through the events backend's AWS SQS module) into the same targeted
 * re-reads as changes made through Backstage. Events for the same
 * association, cluster or role within the window are read once, and all
 * roles of an account in one IAM pass, so a burst costs what it touched, not
 * what it counted. What the inventory does not know is dropped with a log
 * line; the safety-net scan picks it up if it matters.
 */
export class CloudTrailEventConsumer {
  private pending = new Map<string, EksPodIdentityChangedEvent>();
  private pendingRoles = new Map<string, Set<string>>();
  private timer?: NodeJS.Timeout;
  private flushed: Promise<void> = Promise.resolve();

  constructor(private readonly options: CloudTrailEventConsumerOptions) {}

  /** Takes one event payload; resolves once it is queued (or dropped), not read. */
  async handle(payload: unknown): Promise<void> {
    const { logger, readModel } = this.options;
    const change = parseCloudTrailEvent(payload);
    if (change === undefined) {
      // The payload is not logged: the queue may hold anything anyone sent.
      logger.warn(
        'Dropped a queued event that is not a CloudTrail management event of the EKS Pod Identity rule',
      );
      return;
    }
    if (change === null) return;
    const resolved = resolve(change, await readModel.current());
    if ('dropped' in resolved) {
      logger.info(`Dropped a CloudTrail event: ${resolved.dropped}`);
      return;
    }
    if ('key' in resolved) {
      this.pending.set(resolved.key, resolved.event);
    } else {
      const roles = this.pendingRoles.get(resolved.accountId) ?? new Set();
      resolved.roleArns.forEach(arn => roles.add(arn));
      this.pendingRoles.set(resolved.accountId, roles);
    }
    this.timer ??= setTimeout(() => {
      this.flushed = this.flush();
    }, this.options.coalesceWindowMs);
  }

  /** Resolves once everything taken so far has been re-read (tests, shutdown). */
  async idle(): Promise<void> {
    while (this.timer || this.pending.size || this.pendingRoles.size) {
      await new Promise(r => setTimeout(r, this.options.coalesceWindowMs));
    }
    await this.flushed;
  }

  private async flush(): Promise<void> {
    const events = [...this.pending.values()];
    for (const roleArns of this.pendingRoles.values()) {
      events.push({ kind: 'role', change: 'updated', roleArns: [...roleArns] });
    }
    this.pending.clear();
    this.pendingRoles.clear();
    this.timer = undefined;
    // Read one at a time, served with one reload; never rejects.
    await this.options.changes.refreshAll(events);
  }
}

function resolve(change: CloudTrailChange, view: SnapshotView): Resolved {
  if (change.kind === 'association' || change.kind === 'agent') {
    const cluster = view
      .clusterNames()
      .map(name => view.cluster(name)!)
      .find(
        c =>
          (c.name === change.cluster || c.title === change.cluster) &&
          c.accountId === change.accountId &&
          c.region === change.region,
      );
    if (!cluster) {
      return {
        dropped: `cluster ${change.cluster} in ${change.accountId}/${change.region} is not in the inventory`,
      };
    }
    if (change.kind === 'agent') {
      return {
        key: `cluster:${cluster.name}`,
        event: { kind: 'agent', change: 'updated', cluster: cluster.name },
      };
    }
    const { associationId, namespace, serviceAccount } = change;
    return {
      key: `association:${cluster.name}:${
        associationId ?? `${namespace}/${serviceAccount}`
      }`,
      event: {
        kind: 'association',
        change: change.change,
        cluster: cluster.name,
        associationId,
        namespace,
        serviceAccount,
        roleArns: change.roleArns,
      },
    };
  }
  const account = view.account(change.accountId);
  if (!account) {
    return { dropped: `account ${change.accountId} is not in the inventory` };
  }
  if (change.kind === 'policy') {
    const roleArns = account.roles
      .filter(r => r.attachedPolicyArns.includes(change.policyArn))
      .map(r => r.arn);
    return roleArns.length
      ? { accountId: account.accountId, roleArns }
      : { dropped: `no role in the inventory uses ${change.policyArn}` };
  }
  const known = account.roles.find(r => r.name === change.roleName);
  const arn =
    known?.arn ??
    roleArnOf({
      partition: change.partition,
      accountId: change.accountId,
      path: change.path,
      name: change.roleName,
    });
  return { accountId: account.accountId, roleArns: [arn] };
}
