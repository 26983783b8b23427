/*
 * The sandbox's own mutations reach its events queue as EventBridge delivers
 * CloudTrail management events, and the queue is read with the real SDK SQS
 * client: long polling, visibility timeout, delete.
 */
import {
  CreatePodIdentityAssociationCommand,
  TagResourceCommand,
} from '@aws-sdk/client-eks';
import { PutRolePolicyCommand } from '@aws-sdk/client-iam';
import {
  DeleteMessageBatchCommand,
  DeleteMessageCommand,
  GetQueueAttributesCommand,
  ReceiveMessageCommand,
  SQSClient,
} from '@aws-sdk/client-sqs';
import { startSandbox } from '../../sandbox';
import type { Sandbox } from '../../types';
import {
  awsClients,
  errorOf,
  MAIN,
  OTHER,
  smallEstate,
} from '../../__testUtils__/aws';

jest.setTimeout(30_000);

const sqsClient = (s: Sandbox, accountId: string) =>
  new SQSClient({
    region: s.eventsQueue.region,
    endpoint: new URL(s.eventsQueue.url).origin,
    credentials: s.credentialsFor(accountId),
    maxAttempts: 1,
  });

describe('events queue', () => {
  let sandbox: Sandbox;
  let sqs: SQSClient;
  beforeEach(async () => {
    sandbox = await startSandbox({ seed: smallEstate() });
    sqs = sqsClient(sandbox, sandbox.eventsQueue.accountId);
  });
  afterEach(async () => {
    sqs.destroy();
    await sandbox.stop();
  });

  const receive = (input: Partial<ReceiveMessageCommand['input']> = {}) =>
    sqs.send(
      new ReceiveMessageCommand({
        QueueUrl: sandbox.eventsQueue.url,
        MaxNumberOfMessages: 10,
        WaitTimeSeconds: 0,
        ...input,
      }),
    );

  it('delivers an EKS mutation as a CloudTrail event through EventBridge', async () => {
    const { eks } = awsClients(sandbox, MAIN);
    const created = await eks.send(
      new CreatePodIdentityAssociationCommand({
        clusterName: 'prod',
        namespace: 'orders',
        serviceAccount: 'worker',
        roleArn: `arn:aws:iam::${MAIN}:role/orders-api`,
      }),
    );
    const { Messages } = await receive();
    expect(Messages).toHaveLength(1);
    const event = JSON.parse(Messages![0].Body!);
    expect(event).toMatchObject({
      version: '0',
      'detail-type': 'AWS API Call via CloudTrail',
      source: 'aws.eks',
      account: MAIN,
      region: 'us-east-1',
      detail: {
        eventSource: 'eks.amazonaws.com',
        eventName: 'CreatePodIdentityAssociation',
        awsRegion: 'us-east-1',
        requestParameters: {
          clusterName: 'prod',
          namespace: 'orders',
          serviceAccount: 'worker',
        },
        responseElements: {
          association: {
            associationId: created.association!.associationId,
          },
        },
        userIdentity: { accountId: MAIN },
        managementEvent: true,
      },
    });
    expect(event.time).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/);
  });

  it('delivers IAM events from us-east-1 whatever region the caller signed for', async () => {
    const { iam } = awsClients(sandbox, OTHER, 'eu-west-1');
    await iam.send(
      new PutRolePolicyCommand({
        RoleName: 'data-target',
        PolicyName: 'read',
        PolicyDocument: JSON.stringify({
          Version: '2012-10-17',
          Statement: [
            { Effect: 'Allow', Action: 's3:GetObject', Resource: '*' },
          ],
        }),
      }),
    );
    const event = JSON.parse((await receive()).Messages![0].Body!);
    expect(event).toMatchObject({
      source: 'aws.iam',
      account: OTHER,
      region: 'us-east-1',
      detail: {
        eventSource: 'iam.amazonaws.com',
        eventName: 'PutRolePolicy',
        requestParameters: { roleName: 'data-target', policyName: 'read' },
      },
    });
  });

  it('lets through only what the rule matches', async () => {
    const { eks } = awsClients(sandbox, MAIN);
    await eks.send(
      new TagResourceCommand({
        resourceArn: `arn:aws:eks:us-east-1:${MAIN}:cluster/prod`,
        tags: { team: 'orders' },
      }),
    );
    expect((await receive()).Messages ?? []).toEqual([]);
  });

  it('hides a received message from other receivers until its timeout passes, and drops it once deleted', async () => {
    const { iam } = awsClients(sandbox, MAIN);
    const put = (name: string) =>
      iam.send(
        new PutRolePolicyCommand({
          RoleName: 'orders-api',
          PolicyName: name,
          PolicyDocument: JSON.stringify({
            Version: '2012-10-17',
            Statement: [{ Effect: 'Allow', Action: 's3:*', Resource: '*' }],
          }),
        }),
      );
    await put('one');
    const first = await receive({ VisibilityTimeout: 1 });
    expect(first.Messages).toHaveLength(1);
    // A second replica sees nothing while the first one holds it.
    expect((await receive()).Messages ?? []).toEqual([]);
    await new Promise(r => setTimeout(r, 1100));
    const again = await receive({
      VisibilityTimeout: 30,
      MessageSystemAttributeNames: ['ApproximateReceiveCount'],
    });
    expect(again.Messages?.[0]).toMatchObject({
      MessageId: first.Messages![0].MessageId,
      Attributes: { ApproximateReceiveCount: '2' },
    });

    await sqs.send(
      new DeleteMessageCommand({
        QueueUrl: sandbox.eventsQueue.url,
        ReceiptHandle: again.Messages![0].ReceiptHandle,
      }),
    );
    await put('two');
    const batch = await receive();
    const deleted = await sqs.send(
      new DeleteMessageBatchCommand({
        QueueUrl: sandbox.eventsQueue.url,
        Entries: batch.Messages!.map(m => ({
          Id: m.MessageId!,
          ReceiptHandle: m.ReceiptHandle!,
        })),
      }),
    );
    expect(deleted.Successful).toHaveLength(1);
    const { Attributes } = await sqs.send(
      new GetQueueAttributesCommand({
        QueueUrl: sandbox.eventsQueue.url,
        AttributeNames: ['All'],
      }),
    );
    expect(Attributes).toMatchObject({
      ApproximateNumberOfMessages: '0',
      ApproximateNumberOfMessagesNotVisible: '0',
    });
  });

  it('long-polls: a receive waiting on an empty queue returns the event as it arrives', async () => {
    const waiting = receive({ WaitTimeSeconds: 10 });
    await new Promise(r => setTimeout(r, 200));
    const { iam } = awsClients(sandbox, MAIN);
    const startedAt = Date.now();
    await iam.send(
      new PutRolePolicyCommand({
        RoleName: 'orders-api',
        PolicyName: 'late',
        PolicyDocument: JSON.stringify({
          Version: '2012-10-17',
          Statement: [{ Effect: 'Allow', Action: 's3:*', Resource: '*' }],
        }),
      }),
    );
    expect((await waiting).Messages).toHaveLength(1);
    expect(Date.now() - startedAt).toBeLessThan(5_000);
  });

  it('refuses the queue to another account', async () => {
    const other = sqsClient(sandbox, OTHER);
    const error = await errorOf(
      other.send(
        new ReceiveMessageCommand({ QueueUrl: sandbox.eventsQueue.url }),
      ),
    );
    other.destroy();
    expect(error.name).toBe('QueueDoesNotExist');
  });
});
