import { EKSClient } from '@aws-sdk/client-eks';
import { IAMClient } from '@aws-sdk/client-iam';
import { STSClient } from '@aws-sdk/client-sts';
import type { AwsCredentialIdentityProvider } from '@aws-sdk/types';
import { Config } from '@backstage/config';
import {
  AwsCredentialsManager,
  DefaultAwsCredentialsManager,
} from '@backstage/integration-aws-node';
import { AdaptiveRetryStrategy } from '@smithy/util-retry';
import { AwsEndpoints, readEksPodIdentityConfig } from '../config/readConfig';
import { withActionableDenials } from './accessDenied';
import { PacedRateLimiter } from './PacedRateLimiter';
import { IamRetryStrategy } from './IamRetryStrategy';

// IAM is a global service whose API lives in us-east-1 (commercial partition).
const IAM_REGION = 'us-east-1';

export interface AwsClientFactoryOptions {
  credentialsManager: AwsCredentialsManager;
  endpoints?: AwsEndpoints;
  maxAttempts: number;
}

/**
 * Builds and caches the AWS SDK clients, one per account-region (IAM: per
 * account), with the SDK's adaptive retry strategy. One client per scope
 * matters beyond saving sockets: the strategy keeps its client-side rate
 * limiter in the client, and AWS throttles EKS per account-region and IAM per
 * account, so each limiter learns exactly the rate of the bucket it competes for.
 */
export class AwsClientFactory {
  private readonly eksClients = new Map<string, Promise<EKSClient>>();
  private readonly iamClients = new Map<string, Promise<IAMClient>>();
  private readonly stsClients = new Map<string, Promise<STSClient>>();
  private readonly credentialChecks = new Map<string, Promise<boolean>>();

  static fromConfig(
    config: Config,
    options?: { credentialsManager?: AwsCredentialsManager },
  ): AwsClientFactory {
    const { endpoints, requests } = readEksPodIdentityConfig(config);
    return new AwsClientFactory({
      credentialsManager:
        options?.credentialsManager ??
        DefaultAwsCredentialsManager.fromConfig(config),
      endpoints,
      maxAttempts: requests.maxAttempts,
    });
  }

  constructor(private readonly options: AwsClientFactoryOptions) {}

  get endpoints(): AwsEndpoints {
    return this.options.endpoints ?? {};
  }

  /** The SDK credential provider of an account, from the `aws` config block. */
  async credentials(accountId: string): Promise<AwsCredentialIdentityProvider> {
    const provider =
      await this.options.credentialsManager.getCredentialProvider({
        accountId,
      });
    return provider.sdkCredentialProvider;
  }

  /**
   * Whether the `aws` config can give credentials for an account, e.g. for a
   * cross-account target role. Remembered: the answer only changes with config.
   */
  hasCredentials(accountId: string): Promise<boolean> {
    let check = this.credentialChecks.get(accountId);
    if (!check) {
      check = this.credentials(accountId).then(
        () => true,
        () => false,
      );
      this.credentialChecks.set(accountId, check);
    }
    return check;
  }

  eks(accountId: string, region: string): Promise<EKSClient> {
    return this.cached(this.eksClients, `${accountId}/${region}`, async () =>
      withActionableDenials(
        new EKSClient({
          ...this.common(),
          region,
          endpoint: this.endpoints.eks,
          credentials: await this.credentials(accountId),
        }),
      ),
    );
  }

  iam(accountId: string): Promise<IAMClient> {
    return this.cached(this.iamClients, accountId, async () =>
      withActionableDenials(
        new IAMClient({
          ...this.common(IamRetryStrategy),
          region: IAM_REGION,
          endpoint: this.endpoints.iam,
          credentials: await this.credentials(accountId),
        }),
      ),
    );
  }

  sts(accountId: string, region: string): Promise<STSClient> {
    return this.cached(this.stsClients, `${accountId}/${region}`, async () =>
      withActionableDenials(
        new STSClient({
          ...this.common(),
          region,
          endpoint: this.endpoints.sts,
          credentials: await this.credentials(accountId),
        }),
      ),
    );
  }

  /** Closes every cached client's sockets. */
  async destroy(): Promise<void> {
    for (const clients of [this.eksClients, this.iamClients, this.stsClients]) {
      const all = [...clients.values()];
      clients.clear();
      for (const client of await Promise.allSettled(all)) {
        if (client.status === 'fulfilled') {
          client.value.destroy();
        }
      }
    }
  }

  // Caches the promise, not the client, so concurrent first calls share one client.
  private cached<T>(
    cache: Map<string, Promise<T>>,
    key: string,
    create: () => Promise<T>,
  ): Promise<T> {
    let client = cache.get(key);
    if (!client) {
      client = create();
      client.catch(() => cache.delete(key));
      cache.set(key, client);
    }
    return client;
  }

  // Each client gets its own limiter: one per throttling scope.
  private common(
    RetryStrategy: typeof AdaptiveRetryStrategy = AdaptiveRetryStrategy,
  ) {
    return {
      maxAttempts: this.options.maxAttempts,
      retryStrategy: new RetryStrategy(this.options.maxAttempts, {
        rateLimiter: new PacedRateLimiter(),
      }),
    };
  }
}
