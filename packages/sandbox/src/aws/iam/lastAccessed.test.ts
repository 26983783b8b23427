import {
  GenerateServiceLastAccessedDetailsCommand,
  GetRoleCommand,
  GetServiceLastAccessedDetailsCommand,
  GetServiceLastAccessedDetailsCommandOutput,
  IAMClient,
} from '@aws-sdk/client-iam';
import { startSandbox } from '../../sandbox';
import type { EstateSeed, Sandbox } from '../../types';
import {
  awsClients,
  errorOf,
  MAIN,
  POD_IDENTITY_TRUST,
} from '../../__testUtils__/aws';

const ROLE_ARN = `arn:aws:iam::${MAIN}:role/orders-api`;

function estate(): EstateSeed {
  return {
    accounts: [
      {
        id: MAIN,
        iam: {
          roles: [
            {
              name: 'orders-api',
              trustPolicy: POD_IDENTITY_TRUST,
              inlinePolicies: {
                app: {
                  Version: '2012-10-17',
                  Statement: [
                    {
                      Effect: 'Allow',
                      Action: ['s3:GetObject', 's3:GetBucket*'],
                      Resource: '*',
                    },
                    { Effect: 'Allow', Action: 'sqs:*', Resource: '*' },
                    {
                      Effect: 'Allow',
                      Action: 'dynamodb:Query',
                      Resource: '*',
                    },
                  ],
                },
              },
              createDate: '-300d',
              lastUsed: '-1h',
              lastUsedRegion: 'us-east-1',
              lastAccessed: [
                {
                  service: 's3',
                  date: '-1h',
                  region: 'us-east-1',
                  actions: [{ action: 'GetBucketLocation', date: '-2d' }],
                },
                // Outside IAM's 400-day tracking period: reported as not used.
                { service: 'dynamodb', date: '-401d' },
              ],
            },
          ],
        },
      },
    ],
  };
}

describe('IAM last accessed information', () => {
  let sandbox: Sandbox;
  let iam: IAMClient;

  beforeAll(async () => {
    sandbox = await startSandbox({ seed: estate(), lastAccessedJobMs: 150 });
    iam = awsClients(sandbox).iam;
  });
  afterAll(() => sandbox.stop());

  async function completed(jobId: string) {
    for (;;) {
      const out = await iam.send(
        new GetServiceLastAccessedDetailsCommand({ JobId: jobId }),
      );
      if (out.JobStatus !== 'IN_PROGRESS') return out;
      await new Promise(r => setTimeout(r, 50));
    }
  }

  it('answers IN_PROGRESS, then the granted services with what was used in the tracking period', async () => {
    const { JobId } = await iam.send(
      new GenerateServiceLastAccessedDetailsCommand({ Arn: ROLE_ARN }),
    );
    const first = await iam.send(
      new GetServiceLastAccessedDetailsCommand({ JobId }),
    );
    expect(first.JobStatus).toBe('IN_PROGRESS');
    expect(first.JobCompletionDate).toBeUndefined();

    const out = await completed(JobId!);
    expect(out.JobStatus).toBe('COMPLETED');
    expect(out.JobType).toBe('SERVICE_LEVEL');
    expect(out.JobCompletionDate).toBeInstanceOf(Date);
    const services = out.ServicesLastAccessed!;
    expect(services.map(s => s.ServiceNamespace)).toEqual([
      'dynamodb',
      's3',
      'sqs',
    ]);
    const [dynamodb, s3, sqs] = services;
    expect(s3).toMatchObject({
      ServiceName: 'Amazon S3',
      LastAuthenticatedEntity: ROLE_ARN,
      LastAuthenticatedRegion: 'us-east-1',
      TotalAuthenticatedEntities: 1,
    });
    expect(s3.LastAuthenticated).toBeInstanceOf(Date);
    expect(s3.TrackedActionsLastAccessed).toBeUndefined();
    for (const unused of [dynamodb, sqs]) {
      expect(unused.LastAuthenticated).toBeUndefined();
      expect(unused.TotalAuthenticatedEntities).toBe(0);
    }
  });

  it('lists the tracked actions the policies grant at ACTION_LEVEL, and pages with Marker', async () => {
    const { JobId } = await iam.send(
      new GenerateServiceLastAccessedDetailsCommand({
        Arn: ROLE_ARN,
        Granularity: 'ACTION_LEVEL',
      }),
    );
    await completed(JobId!);
    const pages: GetServiceLastAccessedDetailsCommandOutput[] = [];
    let marker: string | undefined;
    do {
      const page = await iam.send(
        new GetServiceLastAccessedDetailsCommand({
          JobId,
          MaxItems: 2,
          Marker: marker,
        }),
      );
      pages.push(page);
      marker = page.IsTruncated ? page.Marker : undefined;
    } while (marker);
    expect(pages.map(p => p.ServicesLastAccessed!.length)).toEqual([2, 1]);
    const s3 = pages
      .flatMap(p => p.ServicesLastAccessed!)
      .find(s => s.ServiceNamespace === 's3')!;
    // s3:GetObject is a data event: not tracked, so not listed.
    expect(
      s3.TrackedActionsLastAccessed!.map(a => [
        a.ActionName,
        a.LastAccessedTime instanceof Date,
      ]),
    ).toEqual([
      ['GetBucketLocation', true],
      ['GetBucketPolicy', false],
    ]);
  });

  it('keeps RoleLastUsed on GetRole', async () => {
    const { Role } = await iam.send(
      new GetRoleCommand({ RoleName: 'orders-api' }),
    );
    expect(Role!.RoleLastUsed!.Region).toBe('us-east-1');
    expect(Role!.RoleLastUsed!.LastUsedDate).toBeInstanceOf(Date);
  });

  it('refuses an unknown role, a bad granularity and an unknown job', async () => {
    expect(
      (
        await errorOf(
          iam.send(
            new GenerateServiceLastAccessedDetailsCommand({
              Arn: `arn:aws:iam::${MAIN}:role/nope`,
            }),
          ),
        )
      ).name,
    ).toBe('NoSuchEntityException');
    expect(
      (
        await errorOf(
          iam.send(
            new GenerateServiceLastAccessedDetailsCommand({
              Arn: ROLE_ARN,
              Granularity: 'POLICY' as any,
            }),
          ),
        )
      ).name,
    ).toBe('ValidationError');
    expect(
      (
        await errorOf(
          iam.send(
            new GetServiceLastAccessedDetailsCommand({
              JobId: 'examplef-1305-c245-eba4-71fe298bcda7',
            }),
          ),
        )
      ).name,
    ).toBe('NoSuchEntityException');
  });
});
