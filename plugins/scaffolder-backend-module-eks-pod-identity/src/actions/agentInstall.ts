import { setTimeout as sleep } from 'node:timers/promises';
import { InputError } from '@backstage/errors';
import type { EventsService } from '@backstage/plugin-events-node';
import {
  createTemplateAction,
  type TemplateAction,
} from '@backstage/plugin-scaffolder-node';
import {
  EKS_POD_IDENTITY_CHANGED_TOPIC,
  type EksPodIdentityChangedEvent,
  problem,
} from '@pod-identity/plugin-eks-pod-identity-common';
import { checkWorkload, throwIfProblems } from '../inputs/checks';
import { inputFields, outputFields } from '../inputs/fields';
import { ActionRun } from '../run/ActionRun';
import { executeWithUndo } from '../run/execute';
import type { EksPodIdentityActionDeps } from './deps';
import type { AgentInstallInput, AgentInstallOutput } from './types';
import { examples } from './agentInstall.examples';

export const AGENT_ADDON = 'eks-pod-identity-agent';
const ACTION_ID = 'eks-pod-identity:agent:install';
const VERSION = /^v\d+\.\d+\.\d+-eksbuild\.\d+$/;

export interface AgentInstallOptions {
  /** Where the installation is announced (topic `eks-pod-identity.changed`, kind `agent`). */
  events?: Pick<EventsService, 'publish'>;
  /** Between two DescribeAddon calls while the add-on is CREATING (default 3 s). */
  pollIntervalMs?: number;
  /** How long to wait for ACTIVE before undoing the installation (default 10 minutes). */
  waitTimeoutMs?: number;
}

/**
 * `eks-pod-identity:agent:install` — the first step of the Pod Identity
 * guide: installs the `eks-pod-identity-agent` EKS add-on on a cluster and
 * waits until it is ACTIVE. Refuses EKS Auto Mode clusters, where the agent
 * is part of the platform; keeps an agent that is already there.
 */
export function createAgentInstallAction(
  deps: EksPodIdentityActionDeps,
  options: AgentInstallOptions = {},
): TemplateAction<AgentInstallInput, AgentInstallOutput> {
  const pollIntervalMs = options.pollIntervalMs ?? 3000;
  const waitTimeoutMs = options.waitTimeoutMs ?? 10 * 60 * 1000;

  return createTemplateAction({
    id: ACTION_ID,
    description:
      'Installs the EKS Pod Identity agent add-on on a cluster and waits until it is ACTIVE',
    examples,
    supportsDryRun: true,
    schema: {
      input: {
        cluster: inputFields.cluster,
        version: z =>
          z
            .string()
            .optional()
            .describe(
              "Add-on version, e.g. v1.3.8-eksbuild.1 (default: EKS's default for the cluster's Kubernetes version)",
            ),
      },
      output: {
        addonName: z =>
          z.string().describe('The add-on: eks-pod-identity-agent'),
        version: z =>
          z.string().optional().describe('The installed add-on version'),
        status: z =>
          z
            .string()
            .optional()
            .describe('The add-on status (ACTIVE when done)'),
        installed: z =>
          z
            .boolean()
            .describe(
              'Whether this run installed it (false: it was there already, or dry run)',
            ),
        plan: outputFields.plan,
      },
    },
    async handler(ctx) {
      const { input } = ctx;
      throwIfProblems([
        ...checkWorkload({ cluster: input.cluster }, deps.guardrails, {
          optionalWorkload: true,
        }),
        ...(input.version !== undefined &&
        input.version !== '' &&
        !VERSION.test(input.version)
          ? problem(
              'version',
              `version "${input.version}" is not an EKS add-on version: use the form v1.3.8-eksbuild.1, or leave it empty for the default.`,
            )
          : []),
      ]);
      const location = await deps.clusters.resolve(input.cluster);
      const cluster = await deps.eks.describeCluster(location);
      const target = `${location.name}:${AGENT_ADDON}`;
      if (cluster.autoMode) {
        throw new InputError(
          `cluster "${location.name}" runs EKS Auto Mode, where the Pod Identity agent is built in: there is nothing to install. Pick a cluster without Auto Mode.`,
        );
      }
      const version = input.version || undefined;
      if (version) {
        const available = await deps.eks.describeAddonVersions(
          location,
          AGENT_ADDON,
          cluster.version ?? '',
        );
        if (!available.includes(version)) {
          throw new InputError(
            `version "${version}" of ${AGENT_ADDON} is not offered for Kubernetes ${
              cluster.version
            } (cluster ${location.name}): pick one of ${available.join(
              ', ',
            )}, or leave it empty for the default.`,
          );
        }
      }

      const run = new ActionRun(ctx);
      const existing = await deps.eks.describeAddon(location, AGENT_ADDON);
      if (existing && version && existing.version !== version) {
        throw new InputError(
          `${AGENT_ADDON} ${existing.version} is already installed on ${location.name}: this action does not change versions. Leave version empty to keep it, or update it with aws eks update-addon.`,
        );
      }
      if (existing && !['ACTIVE', 'CREATING'].includes(existing.status ?? '')) {
        throw new InputError(
          `${AGENT_ADDON} on ${location.name} is ${existing.status}: fix or delete the add-on in EKS (aws eks describe-addon shows why), then run this again.`,
        );
      }

      const waitUntilActive = async () => {
        const deadline = Date.now() + waitTimeoutMs;
        for (;;) {
          const addon = await deps.eks.describeAddon(location, AGENT_ADDON);
          if (addon?.status === 'ACTIVE') return addon;
          if (addon?.status !== 'CREATING') {
            throw new Error(
              `${AGENT_ADDON} on ${location.name} is ${
                addon?.status ?? 'gone'
              } instead of ACTIVE.`,
            );
          }
          if (Date.now() + pollIntervalMs > deadline) {
            throw new Error(
              `${AGENT_ADDON} on ${location.name} was still CREATING after ${
                waitTimeoutMs / 1000
              } s.`,
            );
          }
          ctx.logger.info(`${target} is CREATING; checking again shortly`);
          await sleep(pollIntervalMs);
        }
      };

      let result = existing;
      let installed = false;
      if (existing?.status === 'ACTIVE') {
        run.keep({ resource: 'eks-addon', target, detail: existing.version });
      } else if (existing) {
        // An earlier attempt of this task (or someone else) started it: wait for it.
        ctx.logger.info(`${target} is already being created; waiting for it`);
        result = await waitUntilActive();
      } else {
        result = await executeWithUndo(run, async () => {
          await run.mutate(
            {
              resource: 'eks-addon',
              action: 'create',
              target,
              detail: version ?? 'default version',
            },
            `eks.${location.name}.CreateAddon.${AGENT_ADDON}`,
            async () => {
              await deps.eks.createAddon(location, {
                addonName: AGENT_ADDON,
                addonVersion: version,
              });
            },
            {
              description: `add-on ${target}`,
              fn: () => deps.eks.deleteAddon(location, AGENT_ADDON),
            },
          );
          return run.dryRun ? undefined : waitUntilActive();
        });
        installed = !run.dryRun;
      }

      if (installed && options.events) {
        const event: EksPodIdentityChangedEvent = {
          kind: 'agent',
          change: 'created',
          cluster: location.name,
          source: ACTION_ID,
          ...(ctx.user?.ref ? { actor: ctx.user.ref } : {}),
        };
        try {
          await options.events.publish({
            topic: EKS_POD_IDENTITY_CHANGED_TOPIC,
            eventPayload: event,
          });
        } catch (error) {
          ctx.logger.warn(
            `Could not announce the installation on ${EKS_POD_IDENTITY_CHANGED_TOPIC}; it shows with the next inventory scan: ${error}`,
          );
        }
      }
      ctx.output('addonName', AGENT_ADDON);
      if (result?.version) ctx.output('version', result.version);
      if (result?.status) ctx.output('status', result.status);
      ctx.output('installed', installed);
      ctx.output('plan', run.plan);
    },
  });
}
