import { ConfigReader } from '@backstage/config';
import yaml from 'yaml';
import type { JsonObject } from '@backstage/types';
import type { TemplateAction } from '@backstage/plugin-scaffolder-node';
import { createMockActionContext } from '@backstage/plugin-scaffolder-node-test-utils';
import {
  EstateSeed,
  MutationLogEntry,
  Sandbox,
  sandboxAwsConfig,
  startSandbox,
} from '@pod-identity/sandbox';
import {
  AwsClientFactory,
  DefaultIamGateway,
  IamGateway,
} from '@pod-identity/plugin-eks-pod-identity-node';
import { actionDepsFromConfig, EksPodIdentityActionDeps } from '../actions';
import { PROD_CLUSTER, SANDBOX_CLUSTER, testEstate } from './estate';
import {
  credentialsOf,
  TEAM_USER,
  testCatalog,
  testPermissions,
} from './requesters';

/** The guardrails of the demo portal (app-config.yaml), narrowed to one cluster family. */
export const TEST_GUARDRAILS = {
  allowedClusters: ['prod-*'],
  allowedNamespaces: ['team-*'],
  roleNamePrefix: 'bs-',
  rolePath: '/backstage/',
  permissionsBoundaryArn: 'arn:aws:iam::{accountId}:policy/backstage-boundary',
  deniedPolicyArns: [
    'arn:aws:iam::aws:policy/AdministratorAccess',
    'arn:aws:iam::aws:policy/IAMFullAccess',
  ],
  requiredTags: ['owner'],
};

export interface Harness {
  sandbox: Sandbox;
  config: ConfigReader;
  deps: EksPodIdentityActionDeps;
  stop(): Promise<void>;
}

/**
 * Backstage config against a sandbox: per account, static keys acting as
 * its `backstage-reader` (so every action runs under exactly the shipped
 * reader, writer and IRSA-migration policies), and its endpoints.
 */
export function sandboxConfig(
  sandbox: Sandbox,
  eksPodIdentity: JsonObject = {},
): ConfigReader {
  return new ConfigReader({
    app: { baseUrl: 'http://localhost:3000' },
    aws: { accounts: sandboxAwsConfig(sandbox).accounts },
    eksPodIdentity: {
      clusters: [
        { name: PROD_CLUSTER, accountId: '111111111111', region: 'us-east-1' },
        {
          name: SANDBOX_CLUSTER,
          accountId: '111111111111',
          region: 'us-east-1',
        },
      ],
      endpoints: sandbox.endpoints,
      // One attempt: an injected failure must reach the action, not be retried away.
      requests: { maxAttempts: 1 },
      guardrails: TEST_GUARDRAILS,
      ...eksPodIdentity,
    },
  });
}

export async function startHarness(
  options: {
    seed?: EstateSeed;
    eksPodIdentity?: JsonObject;
    /** How long AWS takes to settle (the sandbox's default otherwise). */
    consistencyDelayMs?: number;
  } = {},
): Promise<Harness> {
  const sandbox = await startSandbox({
    seed: options.seed ?? testEstate(),
    consistencyDelayMs: options.consistencyDelayMs,
  });
  const config = sandboxConfig(sandbox, options.eksPodIdentity);
  return {
    sandbox,
    config,
    deps: actionDepsFromConfig(config, {
      catalog: testCatalog(),
      permissions: testPermissions(),
    }),
    stop: () => sandbox.stop(),
  };
}

/** Action deps on the same sandbox with other `eksPodIdentity` settings (e.g. guardrails). */
export function depsWith(
  harness: Harness,
  eksPodIdentity: JsonObject,
): EksPodIdentityActionDeps {
  return actionDepsFromConfig(sandboxConfig(harness.sandbox, eksPodIdentity), {
    catalog: testCatalog(),
    permissions: testPermissions(),
  });
}

/**
 * IAM as each account's administrator, to arrange roles the shipped writer
 * policy rightly may not make (outside the path, without the boundary).
 */
export function administratorIam(harness: Harness): IamGateway {
  return new DefaultIamGateway(
    AwsClientFactory.fromConfig(
      new ConfigReader({
        aws: sandboxAwsConfig(harness.sandbox, undefined, {
          administrator: true,
        }),
        eksPodIdentity: { endpoints: harness.sandbox.endpoints },
      }),
    ),
  );
}

export interface ActionResult {
  outputs: Record<string, any>;
}

/** Runs an action's handler as the scaffolder would, collecting its outputs. */
export async function runAction(
  action: TemplateAction<any, any, any>,
  input: JsonObject,
  options: {
    isDryRun?: boolean;
    checkpoints?: Map<string, unknown>;
    taskId?: string;
    /** Who starts the task; default TEAM_USER, who lacks eks-pod-identity.manage. */
    user?: string;
    /** Receives what the action logs. */
    log?: string[];
  } = {},
): Promise<ActionResult> {
  const outputs: Record<string, any> = {};
  // The mock takes only some fields as options; the rest are set on it.
  const user = options.user ?? TEAM_USER;
  const ctx = createMockActionContext({
    input,
    task: { id: options.taskId ?? 'task-1' },
    user: { ref: user },
  });
  ctx.getInitiatorCredentials = async () => credentialsOf(user);
  ctx.isDryRun = options.isDryRun;
  if (options.log) {
    const log = options.log;
    for (const level of ['debug', 'info', 'warn', 'error'] as const) {
      jest.spyOn(ctx.logger, level).mockImplementation((...args: unknown[]) => {
        const [message] = args as [string];
        log.push(message);
      });
    }
  }
  ctx.output = (name: string, value: unknown) => {
    outputs[name] = value;
  };
  if (options.checkpoints) {
    const store = options.checkpoints;
    ctx.checkpoint = async ({ key, fn }) => {
      if (store.has(key)) return store.get(key) as any;
      const value = await fn();
      store.set(key, value);
      return value;
    };
  }
  await action.handler(ctx);
  return { outputs };
}

/** Mutations, minus the time stamp, for exact comparisons. */
export function mutationsOf(
  sandbox: Sandbox,
): Array<Omit<MutationLogEntry, 'at'>> {
  return sandbox.mutations().map(({ at, ...rest }) => rest);
}

/** The input of the (single) step of an action example. */
export function exampleInput(example: { example: string }): JsonObject {
  const { steps } = yaml.parse(example.example);
  return steps[0].input;
}
