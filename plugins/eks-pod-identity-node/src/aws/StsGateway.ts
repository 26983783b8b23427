import { GetCallerIdentityCommand } from '@aws-sdk/client-sts';
import { Config } from '@backstage/config';
import { AwsClientFactory } from './AwsClientFactory';

export interface CallerIdentity {
  account: string;
  arn: string;
  userId: string;
}

/** STS reads: who the configured credentials of an account are. */
export interface StsGateway {
  getCallerIdentity(
    accountId: string,
    region?: string,
  ): Promise<CallerIdentity>;
}

export class DefaultStsGateway implements StsGateway {
  static fromConfig(
    config: Config,
    options?: { clients?: AwsClientFactory },
  ): DefaultStsGateway {
    return new DefaultStsGateway(
      options?.clients ?? AwsClientFactory.fromConfig(config),
    );
  }

  constructor(private readonly clients: AwsClientFactory) {}

  async getCallerIdentity(
    accountId: string,
    region = 'us-east-1',
  ): Promise<CallerIdentity> {
    const client = await this.clients.sts(accountId, region);
    const answer = await client.send(new GetCallerIdentityCommand({}));
    return {
      account: answer.Account ?? '',
      arn: answer.Arn ?? '',
      userId: answer.UserId ?? '',
    };
  }
}
