/*
 * AWS's eventual consistency, as the sandbox emulates it, through the real
 * SDK clients: a new role reaches EKS and STS only after the delay, and a
 * deleted association holds its service account for as long.
 */
import {
  CreatePodIdentityAssociationCommand,
  DeletePodIdentityAssociationCommand,
} from '@aws-sdk/client-eks';
import { CreateRoleCommand } from '@aws-sdk/client-iam';
import { AssumeRoleCommand } from '@aws-sdk/client-sts';
import { setTimeout as sleep } from 'node:timers/promises';
import { startSandbox } from '../sandbox';
import type { Sandbox } from '../types';
import {
  awsClients,
  errorOf,
  MAIN,
  POD_IDENTITY_TRUST,
  smallEstate,
} from '../__testUtils__/aws';

const DELAY_MS = 800;

describe('eventual consistency', () => {
  let sandbox: Sandbox;
  beforeAll(async () => {
    sandbox = await startSandbox({
      seed: smallEstate(),
      consistencyDelayMs: DELAY_MS,
    });
  });
  afterAll(() => sandbox.stop());

  it('keeps a new role from EKS and STS until the delay has passed', async () => {
    const { iam, eks, sts } = awsClients(sandbox);
    const trust = {
      ...POD_IDENTITY_TRUST,
      Statement: [
        ...(POD_IDENTITY_TRUST.Statement as object[]),
        {
          Effect: 'Allow',
          Principal: { AWS: `arn:aws:iam::${MAIN}:root` },
          Action: 'sts:AssumeRole',
        },
      ],
    };
    const { Role } = await iam.send(
      new CreateRoleCommand({
        RoleName: 'fresh',
        AssumeRolePolicyDocument: JSON.stringify(trust),
      }),
    );
    const associate = () =>
      eks.send(
        new CreatePodIdentityAssociationCommand({
          clusterName: 'prod',
          namespace: 'orders',
          serviceAccount: 'fresh',
          roleArn: Role!.Arn!,
        }),
      );
    const assume = () =>
      sts.send(
        new AssumeRoleCommand({
          RoleArn: Role!.Arn!,
          RoleSessionName: 'fresh',
        }),
      );

    const early = await errorOf(associate());
    expect(early.name).toBe('InvalidParameterException');
    expect(early.message).toContain(`Role ${Role!.Arn} does not exist`);
    expect((await errorOf(assume())).name).toBe('AccessDenied');

    await sleep(DELAY_MS + 100);
    const { association } = await associate();
    expect(association!.roleArn).toBe(Role!.Arn);
    await expect(assume()).resolves.toBeDefined();

    await eks.send(
      new DeletePodIdentityAssociationCommand({
        clusterName: 'prod',
        associationId: association!.associationId!,
      }),
    );
    const held = await errorOf(associate());
    expect(held.name).toBe('ResourceInUseException');
    expect(held.message).not.toMatch(/a-[a-z0-9]{17}/);

    await sleep(DELAY_MS + 100);
    await expect(associate()).resolves.toBeDefined();
  });
});
