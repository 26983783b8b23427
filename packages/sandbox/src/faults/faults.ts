import type { SandboxFaults, ThrottleConfig } from '../types';
import { TokenBucket } from './tokenBucket';

export type AwsServiceName = 'eks' | 'iam' | 'sts';

/** What `--throttle` turns on: roughly the default request rates AWS allows these APIs. */
export const DEFAULT_THROTTLE: ThrottleConfig = {
  eks: { ratePerSecond: 20, burst: 40 },
  iam: { ratePerSecond: 15, burst: 30 },
  sts: { ratePerSecond: 50, burst: 100 },
};

export type FaultDefaults = {
  latencyMs: number;
  throttle?: ThrottleConfig;
  /** Names of the clusters the seed starts down. */
  downClusters: string[];
};

/**
 * The faults injected into the sandbox. `clear()` goes back to how the sandbox
 * started (its options' latency and throttling, the seed's down clusters).
 */
export class FaultController implements SandboxFaults {
  private latencyMs = 0;
  private throttle?: ThrottleConfig;
  private buckets = new Map<string, TokenBucket>();
  private denied = new Set<string>();
  private failures = new Map<string, number>();
  private downClusters = new Set<string>();

  private switchCluster?: (clusterName: string, down: boolean) => void;

  constructor(private readonly defaults: FaultDefaults) {
    this.clear();
  }

  /** Hands cluster reachability to the Kubernetes API, and applies the seed's down clusters. */
  connectClusters(
    switchCluster: (clusterName: string, down: boolean) => void,
  ): void {
    this.switchCluster = switchCluster;
    this.clear();
  }

  setLatency(ms: number): void {
    if (!(ms >= 0))
      throw new Error(
        `Latency must be a number of milliseconds >= 0, got ${ms}`,
      );
    this.latencyMs = ms;
  }

  latency(): number {
    return this.latencyMs;
  }

  setThrottle(throttle: ThrottleConfig | undefined): void {
    for (const bucket of Object.values(throttle ?? {})) {
      if (bucket && !(bucket.ratePerSecond > 0)) {
        throw new Error(
          `Throttle ratePerSecond must be a positive number, got ${bucket.ratePerSecond}`,
        );
      }
    }
    this.throttle = throttle;
    this.buckets.clear();
  }

  setClusterDown(clusterName: string, down: boolean): void {
    if (!this.switchCluster) {
      throw new Error('The sandbox has no Kubernetes API to take down yet');
    }
    this.switchCluster(clusterName, down);
    if (down) this.downClusters.add(clusterName);
    else this.downClusters.delete(clusterName);
  }

  denyOperation(accountId: string, operation: string): void {
    this.denied.add(`${accountId} ${operation}`);
  }

  failNext(operation: string, times = 1): void {
    this.failures.set(operation, (this.failures.get(operation) ?? 0) + times);
  }

  clear(): void {
    this.setLatency(this.defaults.latencyMs);
    this.setThrottle(this.defaults.throttle);
    this.denied.clear();
    this.failures.clear();
    if (!this.switchCluster) return;
    for (const name of [...this.downClusters]) this.setClusterDown(name, false);
    for (const name of this.defaults.downClusters)
      this.setClusterDown(name, true);
  }

  /** EKS buckets are per account and region, IAM and STS ones per account. */
  admits(service: AwsServiceName, accountId: string, region: string): boolean {
    const config = this.throttle?.[service];
    if (!config) return true;
    const key =
      service === 'eks'
        ? `${service}/${accountId}/${region}`
        : `${service}/${accountId}`;
    let bucket = this.buckets.get(key);
    if (!bucket) {
      bucket = new TokenBucket(config);
      this.buckets.set(key, bucket);
    }
    return bucket.take();
  }

  /** `operation` is `service:Action`; a denial may name `service:*` or `*`. */
  isDenied(accountId: string, operation: string): boolean {
    const service = operation.split(':')[0];
    return ['*', `${service}:*`, operation].some(op =>
      this.denied.has(`${accountId} ${op}`),
    );
  }

  takeFailure(operation: string): boolean {
    const left = this.failures.get(operation) ?? 0;
    if (left <= 0) return false;
    this.failures.set(operation, left - 1);
    return true;
  }
}
