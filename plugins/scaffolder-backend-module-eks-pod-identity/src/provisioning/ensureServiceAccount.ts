import { ConflictError, InputError } from '@backstage/errors';
import type { KubernetesClusterClient } from '@pod-identity/plugin-eks-pod-identity-node';
import type { ActionRun } from '../run/ActionRun';

export interface ServiceAccountSpec {
  cluster: string;
  namespace: string;
  name: string;
  createNamespace: boolean;
  labels: Record<string, string>;
  annotations: Record<string, string>;
}

async function ignore404(fn: () => Promise<void>) {
  try {
    await fn();
  } catch (e) {
    if ((e as { code?: number }).code !== 404) throw e;
  }
}

function differing(
  what: string,
  requested: Record<string, string>,
  existing: Record<string, string> | undefined,
): string[] {
  return Object.entries(requested)
    .filter(([k, v]) => existing?.[k] !== v)
    .map(([k]) =>
      existing?.[k] === undefined
        ? `no ${what} ${k}`
        : `${what} ${k}="${existing[k]}"`,
    );
}

/**
 * Makes the namespace (when asked to) and the service account exist. An
 * existing account is reused when it carries the requested labels and
 * annotations; otherwise that is a ConflictError, never a silent patch.
 */
export async function ensureServiceAccount(
  run: ActionRun,
  client: KubernetesClusterClient,
  spec: ServiceAccountSpec,
): Promise<{ created: boolean }> {
  const { cluster, namespace, name } = spec;
  const key = `kubernetes.${cluster}.${namespace}`;
  const namespaceTarget = `${cluster}:${namespace}`;
  const saTarget = `${cluster}:${namespace}/${name}`;

  const existingNamespace = await client.readNamespace(namespace);
  if (existingNamespace) {
    run.keep({ resource: 'kubernetes-namespace', target: namespaceTarget });
  } else if (!spec.createNamespace) {
    throw new InputError(
      `namespace "${namespace}" does not exist in cluster ${cluster}: pick an existing namespace or set createNamespace to true.`,
    );
  } else {
    await run.mutate(
      {
        resource: 'kubernetes-namespace',
        action: 'create',
        target: namespaceTarget,
      },
      `${key}.CreateNamespace`,
      async () => {
        await client.createNamespace(namespace);
      },
      {
        description: `namespace ${namespaceTarget}`,
        fn: () => ignore404(() => client.deleteNamespace(namespace)),
      },
    );
  }

  const existing = existingNamespace
    ? await client.readServiceAccount(namespace, name)
    : undefined;
  if (existing) {
    const differences = [
      ...differing('label', spec.labels, existing.metadata?.labels),
      ...differing(
        'annotation',
        spec.annotations,
        existing.metadata?.annotations,
      ),
    ];
    if (differences.length) {
      throw new ConflictError(
        `service account ${saTarget} already exists and differs from the request: ${differences.join(
          '; ',
        )}. Use another name, or change the service account by hand.`,
      );
    }
    run.keep({ resource: 'kubernetes-service-account', target: saTarget });
    return { created: false };
  }
  await run.mutate(
    {
      resource: 'kubernetes-service-account',
      action: 'create',
      target: saTarget,
    },
    `${key}.CreateServiceAccount.${name}`,
    async () => {
      await client.createServiceAccount(namespace, name, {
        labels: spec.labels,
        annotations: spec.annotations,
      });
    },
    {
      description: `service account ${saTarget}`,
      fn: () => ignore404(() => client.deleteServiceAccount(namespace, name)),
    },
  );
  return { created: true };
}
