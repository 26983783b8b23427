/**
 * Server-side printing: what `kubectl get` asks for with
 * `Accept: application/json;as=Table;g=meta.k8s.io;v=v1`, with the columns
 * the API server prints for each kind.
 */
import { ResourceType } from './resources';
import { JsonObject, KubeObject } from './types';

type Column = {
  name: string;
  type: string;
  format?: string;
  priority?: number;
  cell: (o: KubeObject, now: Date) => string | number;
};

/** Kubernetes' HumanDuration: 45s, 5m30s, 3h10m, 2d5h, 120d, 3y20d. */
export function humanDuration(ms: number): string {
  const s = Math.floor(ms / 1000);
  if (s < 0) return '0s';
  if (s < 120) return `${s}s`;
  const m = Math.floor(s / 60);
  if (m < 10) return s % 60 ? `${m}m${s % 60}s` : `${m}m`;
  if (m < 180) return `${m}m`;
  const h = Math.floor(m / 60);
  if (h < 8) return m % 60 ? `${h}h${m % 60}m` : `${h}h`;
  if (h < 48) return `${h}h`;
  const d = Math.floor(h / 24);
  if (h < 24 * 8) return h % 24 ? `${d}d${h % 24}h` : `${d}d`;
  if (d < 365 * 2) return `${d}d`;
  const y = Math.floor(d / 365);
  if (d < 365 * 8) return d % 365 ? `${y}y${d % 365}d` : `${y}y`;
  return `${y}y`;
}

const obj = (v: unknown) => (v ?? {}) as JsonObject;
const num = (v: unknown) => (typeof v === 'number' ? v : 0);

const name: Column = {
  name: 'Name',
  type: 'string',
  format: 'name',
  cell: o => o.metadata.name,
};
const age: Column = {
  name: 'Age',
  type: 'string',
  cell: (o, now) =>
    humanDuration(now.getTime() - Date.parse(o.metadata.creationTimestamp)),
};

/** Ready containers of all: the sandbox's pods carry the pod's Ready condition, not per-container statuses. */
function podReady(o: KubeObject) {
  const containers = (obj(o.spec).containers ?? []) as unknown[];
  const conditions = (obj(o.status).conditions ?? []) as JsonObject[];
  const ready = conditions.some(c => c.type === 'Ready' && c.status === 'True');
  return `${ready ? containers.length : 0}/${containers.length}`;
}

const COLUMNS: Record<string, Column[]> = {
  Namespace: [
    name,
    {
      name: 'Status',
      type: 'string',
      cell: o => String(obj(o.status).phase ?? ''),
    },
    age,
  ],
  ServiceAccount: [
    name,
    { name: 'Secrets', type: 'integer', cell: () => 0 },
    age,
  ],
  Pod: [
    name,
    { name: 'Ready', type: 'string', cell: podReady },
    {
      name: 'Status',
      type: 'string',
      cell: o => String(obj(o.status).phase ?? ''),
    },
    {
      name: 'Restarts',
      type: 'string',
      cell: o =>
        String(
          ((obj(o.status).containerStatuses ?? []) as JsonObject[]).reduce(
            (sum, c) => sum + num(c.restartCount),
            0,
          ),
        ),
    },
    age,
    {
      name: 'IP',
      type: 'string',
      priority: 1,
      cell: o => String(obj(o.status).podIP ?? '<none>'),
    },
    {
      name: 'Node',
      type: 'string',
      priority: 1,
      cell: o => String(obj(o.spec).nodeName ?? '<none>'),
    },
  ],
  Deployment: [
    name,
    {
      name: 'Ready',
      type: 'string',
      cell: o =>
        `${num(obj(o.status).readyReplicas)}/${num(obj(o.spec).replicas)}`,
    },
    {
      name: 'Up-to-date',
      type: 'integer',
      cell: o => num(obj(o.status).updatedReplicas),
    },
    {
      name: 'Available',
      type: 'integer',
      cell: o => num(obj(o.status).availableReplicas),
    },
    age,
  ],
  StatefulSet: [
    name,
    {
      name: 'Ready',
      type: 'string',
      cell: o =>
        `${num(obj(o.status).readyReplicas)}/${num(obj(o.spec).replicas)}`,
    },
    age,
  ],
  ReplicaSet: [
    name,
    { name: 'Desired', type: 'integer', cell: o => num(obj(o.spec).replicas) },
    {
      name: 'Current',
      type: 'integer',
      cell: o => num(obj(o.status).replicas),
    },
    {
      name: 'Ready',
      type: 'integer',
      cell: o => num(obj(o.status).readyReplicas),
    },
    age,
  ],
  DaemonSet: [
    name,
    {
      name: 'Desired',
      type: 'integer',
      cell: o => num(obj(o.status).desiredNumberScheduled),
    },
    {
      name: 'Current',
      type: 'integer',
      cell: o => num(obj(o.status).currentNumberScheduled),
    },
    {
      name: 'Ready',
      type: 'integer',
      cell: o => num(obj(o.status).numberReady),
    },
    {
      name: 'Up-to-date',
      type: 'integer',
      cell: o => num(obj(o.status).updatedNumberScheduled),
    },
    {
      name: 'Available',
      type: 'integer',
      cell: o => num(obj(o.status).numberAvailable),
    },
    age,
  ],
  Job: [
    name,
    {
      name: 'Completions',
      type: 'string',
      cell: o =>
        `${num(obj(o.status).succeeded)}/${num(obj(o.spec).completions)}`,
    },
    age,
  ],
  Node: [
    name,
    {
      name: 'Status',
      type: 'string',
      cell: o =>
        ((obj(o.status).conditions ?? []) as JsonObject[]).some(
          c => c.type === 'Ready' && c.status === 'True',
        )
          ? 'Ready'
          : 'NotReady',
    },
    age,
    {
      name: 'Version',
      type: 'string',
      cell: o => String(obj(obj(o.status).nodeInfo).kubeletVersion ?? ''),
    },
  ],
};

/** The partial object each row carries (`includeObject=Metadata`, the default). */
function partial(o: KubeObject) {
  return {
    kind: 'PartialObjectMetadata',
    apiVersion: 'meta.k8s.io/v1',
    metadata: o.metadata,
  };
}

/** Whether the client asked for a Table (kubectl get does). */
export function wantsTable(accept: string | undefined): boolean {
  return (accept ?? '')
    .split(',')
    .some(
      part => /;\s*as=Table\b/.test(part) && /;\s*g=meta\.k8s\.io\b/.test(part),
    );
}

/** A get or list answer as a Table. */
export function asTable(
  type: ResourceType,
  body: JsonObject,
  now: Date,
): JsonObject {
  const columns = COLUMNS[type.kind] ?? [name, age];
  const isList = Array.isArray(body.items);
  const items = (isList ? body.items : [body]) as KubeObject[];
  return {
    kind: 'Table',
    apiVersion: 'meta.k8s.io/v1',
    metadata: isList
      ? body.metadata
      : { resourceVersion: obj(body.metadata).resourceVersion },
    columnDefinitions: columns.map(c => ({
      name: c.name,
      type: c.type,
      format: c.format ?? '',
      description: '',
      priority: c.priority ?? 0,
    })),
    rows: items.map(o => ({
      cells: columns.map(c => c.cell(o, now)),
      object: partial(o),
    })),
  };
}
