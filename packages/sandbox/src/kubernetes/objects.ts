/** Builders for the objects the API server and its controllers would make. */
import { createHash } from 'node:crypto';
import type { WorkloadSeed } from '../types';
import { JsonObject, KubeObject, OwnerReference } from './types';

/** Namespaces every cluster starts with. */
export const SYSTEM_NAMESPACES = [
  'default',
  'kube-system',
  'kube-public',
  'kube-node-lease',
];

/** Filled by the API server on creation; a client's values are ignored. */
const unset = { uid: '', resourceVersion: '', creationTimestamp: '' };

export function namespaceObject(
  name: string,
  labels?: Record<string, string>,
): KubeObject {
  return {
    apiVersion: 'v1',
    kind: 'Namespace',
    metadata: {
      ...unset,
      name,
      labels: { ...labels, 'kubernetes.io/metadata.name': name },
    },
    spec: { finalizers: ['kubernetes'] },
    status: { phase: 'Active' },
  };
}

export function serviceAccountObject(
  namespace: string,
  name: string,
  labels?: Record<string, string>,
  annotations?: Record<string, string>,
): KubeObject {
  return {
    apiVersion: 'v1',
    kind: 'ServiceAccount',
    metadata: {
      ...unset,
      name,
      namespace,
      ...(labels && Object.keys(labels).length
        ? { labels: { ...labels } }
        : {}),
      ...(annotations && Object.keys(annotations).length
        ? { annotations: { ...annotations } }
        : {}),
    },
  };
}

export function nodeObject(
  name: string,
  labels: Record<string, string> | undefined,
  region: string,
  kubeletVersion: string,
): KubeObject {
  const merged = {
    'kubernetes.io/arch': 'amd64',
    'kubernetes.io/os': 'linux',
    'kubernetes.io/hostname': name,
    'topology.kubernetes.io/region': region,
    ...labels,
  };
  return {
    apiVersion: 'v1',
    kind: 'Node',
    metadata: { ...unset, name, labels: merged },
    spec: {},
    status: {
      conditions: [{ type: 'Ready', status: 'True', reason: 'KubeletReady' }],
      nodeInfo: {
        architecture: merged['kubernetes.io/arch'],
        operatingSystem: merged['kubernetes.io/os'],
        kubeletVersion,
      },
    },
  };
}

/** Nodes a scheduler would place an ordinary Linux pod on: not Fargate, not Windows. */
export function isOrdinaryNode(node: KubeObject) {
  const labels = node.metadata.labels ?? {};
  return (
    labels['eks.amazonaws.com/compute-type'] !== 'fargate' &&
    labels['kubernetes.io/os'] !== 'windows'
  );
}

/**
 * A deep copy of a JSON value. Stored objects are plain JSON, and this is
 * several times faster than structuredClone on them.
 */
export function copyJson<T>(value: T): T {
  return JSON.parse(JSON.stringify(value));
}

const HASH_ALPHABET = 'bcdfghjklmnpqrstvwxz2456789';
/** Generated workloads share one template, so the last hash is usually the next one. */
let lastHashed: { text: string; hash: string } | undefined;

/** A stable 10-character hash in the alphabet Kubernetes uses for pod-template-hash. */
export function templateHash(value: unknown): string {
  const text = JSON.stringify(value) ?? '';
  if (lastHashed?.text === text) return lastHashed.hash;
  const digest = createHash('sha256').update(text).digest();
  const hash = [...digest.subarray(0, 10)]
    .map(b => HASH_ALPHABET[b % HASH_ALPHABET.length])
    .join('');
  lastHashed = { text, hash };
  return hash;
}

export function ownerReference(owner: KubeObject): OwnerReference {
  return {
    apiVersion: owner.apiVersion,
    kind: owner.kind,
    name: owner.metadata.name,
    uid: owner.metadata.uid,
    controller: true,
    blockOwnerDeletion: true,
  };
}

export type PodTemplate = {
  metadata?: {
    labels?: Record<string, string>;
    annotations?: Record<string, string>;
  };
  spec?: JsonObject;
};

export function runningStatus(startTime: string) {
  return {
    phase: 'Running',
    startTime,
    conditions: [
      { type: 'Ready', status: 'True', lastTransitionTime: startTime },
    ],
  };
}

/** The service account a pod runs as once admitted: `default` unless the spec names one. */
export function serviceAccountOf(spec: JsonObject | undefined): string {
  const name = spec?.serviceAccountName ?? spec?.serviceAccount;
  return typeof name === 'string' && name ? name : 'default';
}

export function podFromTemplate(options: {
  template: PodTemplate;
  namespace: string;
  name: string;
  extraLabels: Record<string, string>;
  owner: KubeObject;
  nodeName?: string;
  startTime: string;
}): KubeObject {
  const spec = copyJson(options.template.spec ?? {});
  const serviceAccount = serviceAccountOf(spec);
  return {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: {
      ...unset,
      name: options.name,
      namespace: options.namespace,
      labels: { ...options.template.metadata?.labels, ...options.extraLabels },
      ...(options.template.metadata?.annotations
        ? { annotations: { ...options.template.metadata.annotations } }
        : {}),
      ownerReferences: [ownerReference(options.owner)],
    },
    spec: {
      ...spec,
      serviceAccountName: serviceAccount,
      serviceAccount,
      ...(options.nodeName ? { nodeName: options.nodeName } : {}),
    },
    status: runningStatus(options.startTime),
  };
}

const APPS = 'apps/v1';

/** The object a seeded workload stands for, with a pod template the seed's pods come from. */
export function workloadObject(seed: WorkloadSeed): KubeObject {
  // Copies: stored objects share no maps with the seed or with each other.
  const labels = { ...seed.labels };
  const podLabels = () => ({
    ...(seed.podLabels ??
      (Object.keys(labels).length ? labels : { app: seed.name })),
  });
  const container = { name: 'app', image: `${seed.name}:latest` };
  const template = {
    metadata: { labels: podLabels() },
    spec: {
      ...(seed.serviceAccountName
        ? { serviceAccountName: seed.serviceAccountName }
        : {}),
      containers: [container],
      ...(seed.kind === 'Job' ? { restartPolicy: 'Never' } : {}),
    },
  };
  const metadata = {
    ...unset,
    name: seed.name,
    namespace: seed.namespace,
    labels,
  };
  const replicas = seed.replicas ?? 1;
  switch (seed.kind) {
    case 'Deployment':
    case 'StatefulSet':
      return {
        apiVersion: APPS,
        kind: seed.kind,
        metadata,
        spec: {
          replicas,
          selector: { matchLabels: podLabels() },
          template,
          ...(seed.kind === 'StatefulSet' ? { serviceName: seed.name } : {}),
        },
      };
    case 'DaemonSet':
      return {
        apiVersion: APPS,
        kind: 'DaemonSet',
        metadata,
        spec: { selector: { matchLabels: podLabels() }, template },
      };
    case 'Job':
      return {
        apiVersion: 'batch/v1',
        kind: 'Job',
        metadata,
        spec: { parallelism: replicas, completions: replicas, template },
      };
    default:
      throw new Error(
        `Unknown workload kind '${(seed as { kind: string }).kind}' for ${
          seed.namespace
        }/${seed.name}; use Deployment, StatefulSet, DaemonSet or Job`,
      );
  }
}
