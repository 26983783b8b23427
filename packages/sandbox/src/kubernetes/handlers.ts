/** The REST verbs on one cluster's resources, with the API server's admission and errors. */
import { randomBytes, randomUUID } from 'node:crypto';
import { EmulatedCluster } from './cluster';
import { settle } from './controllers';
import { matchesFields, parseFieldSelector } from './fieldSelector';
import {
  matchesRequirements,
  parseLabelSelector,
  requirementsOf,
  StructuredSelector,
} from './labelSelector';
import {
  namespaceObject,
  runningStatus,
  serviceAccountObject,
  serviceAccountOf,
} from './objects';
import { paginate, parseLimit } from './paging';
import { applyPatch } from './patch';
import {
  apiVersionOf,
  RESOURCES,
  resourceByPlural,
  ResourceType,
} from './resources';
import {
  alreadyExists,
  badRequest,
  conflict,
  forbidden,
  invalid,
  methodNotAllowed,
  notFound,
  StatusCause,
} from './status';
import { kubeTime } from './store';
import { JsonObject, KubeObject } from './types';
import { metadataMapProblems, nameProblems } from './validation';

const NAMESPACES = resourceByPlural('namespaces');
const SERVICE_ACCOUNTS = resourceByPlural('serviceaccounts');

/** Namespaces the API server refuses to delete. */
const UNDELETABLE_NAMESPACES = ['default', 'kube-system', 'kube-public'];

export type ResourceRequest = {
  type: ResourceType;
  namespace?: string;
  name?: string;
};

export type VerbContext = {
  cluster: EmulatedCluster;
  query: URLSearchParams;
  body: unknown;
  contentType: string;
  /** Called after a successful, non-dry-run mutation. */
  recordMutation: (
    verb: 'create' | 'patch' | 'delete',
    type: ResourceType,
    namespace: string | undefined,
    name: string,
  ) => void;
};

export type VerbResult = { code: number; body: unknown };

const isObject = (v: unknown): v is JsonObject =>
  typeof v === 'object' && v !== null && !Array.isArray(v);

function isDryRun(query: URLSearchParams, body?: unknown): boolean {
  const values = [
    ...query.getAll('dryRun'),
    ...(isObject(body) && Array.isArray(body.dryRun) ? body.dryRun : []),
  ];
  for (const v of values) {
    if (v !== 'All')
      throw badRequest(
        `dryRun: Unsupported value: "${v}": supported values: "All"`,
      );
  }
  return values.length > 0;
}

function requireVerb(type: ResourceType, verb: ResourceType['verbs'][number]) {
  if (!type.verbs.includes(verb)) throw methodNotAllowed();
}

function existing(ctx: VerbContext, req: ResourceRequest): KubeObject {
  const object = ctx.cluster.store.get(req.type, req.namespace, req.name!);
  if (!object) throw notFound(req.type, req.name!);
  return object;
}

export function get(ctx: VerbContext, req: ResourceRequest): VerbResult {
  requireVerb(req.type, 'get');
  return { code: 200, body: existing(ctx, req) };
}

export function list(ctx: VerbContext, req: ResourceRequest): VerbResult {
  requireVerb(req.type, 'list');
  const { query, cluster } = ctx;
  if (query.get('watch') === 'true' || query.get('watch') === '1') {
    throw badRequest('watch is not supported by the sandbox: list instead');
  }
  const labelSelector = query.get('labelSelector') ?? '';
  const fieldSelector = query.get('fieldSelector') ?? '';
  const labels = parseLabelSelector(labelSelector);
  const fields = parseFieldSelector(fieldSelector, req.type);
  const limit = parseLimit(query.get('limit'));
  const matching = cluster.store
    .entries(req.type, req.namespace)
    .filter(
      e =>
        matchesRequirements(e.item.metadata.labels, labels) &&
        matchesFields(e.item, fields),
    );
  const resourceVersion = cluster.store.resourceVersion;
  const page = paginate(
    matching,
    limit,
    query.get('continue'),
    resourceVersion,
  );
  return {
    code: 200,
    body: {
      kind: `${req.type.kind}List`,
      apiVersion: apiVersionOf(req.type),
      metadata: {
        resourceVersion,
        ...(page.continueToken ? { continue: page.continueToken } : {}),
        // As the API server does, the count is only given when no selector filtered the list.
        ...(page.remainingItemCount !== undefined &&
        !labelSelector &&
        !fieldSelector
          ? { remainingItemCount: page.remainingItemCount }
          : {}),
      },
      // List items carry no kind/apiVersion on the wire.
      items: page.items.map(({ apiVersion: _a, kind: _k, ...item }) => item),
    },
  };
}

function typeMetaProblems(type: ResourceType, object: JsonObject) {
  const expected = apiVersionOf(type);
  if (object.apiVersion !== undefined && object.apiVersion !== expected) {
    throw badRequest(
      `the API version in the data (${String(
        object.apiVersion,
      )}) does not match the expected API version (${expected})`,
    );
  }
  if (object.kind !== undefined && object.kind !== type.kind) {
    throw badRequest(
      `the kind in the data (${String(
        object.kind,
      )}) does not match the expected kind (${type.kind})`,
    );
  }
}

function required(field: string, what: string): StatusCause {
  return {
    reason: 'FieldValueRequired',
    message: `Required value${what ? `: ${what}` : ''}`,
    field,
  };
}

/** Spec rules of the API server for the kinds that carry a pod template. */
function specProblems(type: ResourceType, spec: JsonObject): StatusCause[] {
  const podSpecProblems = (podSpec: unknown, field: string) =>
    isObject(podSpec) &&
    Array.isArray(podSpec.containers) &&
    podSpec.containers.length > 0
      ? []
      : [required(`${field}.containers`, '')];
  if (type.kind === 'Pod') return podSpecProblems(spec, 'spec');
  if (!['Deployment', 'StatefulSet', 'DaemonSet', 'Job'].includes(type.kind))
    return [];

  const template = isObject(spec.template) ? spec.template : {};
  const causes = podSpecProblems(template.spec, 'spec.template.spec');
  if (type.kind === 'Job') return causes;
  if (!isObject(spec.selector))
    return [...causes, required('spec.selector', '')];
  const templateLabels = isObject(template.metadata)
    ? (template.metadata.labels as Record<string, string>)
    : undefined;
  const selector = spec.selector as StructuredSelector;
  const requirements = requirementsOf(selector);
  if (requirements.length === 0) {
    causes.push({
      reason: 'FieldValueInvalid',
      message: 'Invalid value: {}: empty selector is invalid for deployment',
      field: 'spec.selector',
    });
  } else if (!matchesRequirements(templateLabels, requirements)) {
    causes.push({
      reason: 'FieldValueInvalid',
      message: `Invalid value: ${JSON.stringify(
        templateLabels ?? {},
      )}: \`selector\` does not match template \`labels\``,
      field: 'spec.template.metadata.labels',
    });
  }
  return causes;
}

/** What the API server fills in on creation. */
function withDefaults(
  ctx: VerbContext,
  type: ResourceType,
  object: KubeObject,
): KubeObject {
  const now = kubeTime(ctx.cluster.now());
  const spec = (isObject(object.spec) ? object.spec : {}) as JsonObject;
  switch (type.kind) {
    case 'Namespace': {
      const defaults = namespaceObject(
        object.metadata.name,
        object.metadata.labels,
      );
      return {
        ...defaults,
        metadata: { ...object.metadata, labels: defaults.metadata.labels },
      };
    }
    case 'Pod': {
      const serviceAccount = serviceAccountOf(spec);
      const nodeName =
        typeof spec.nodeName === 'string'
          ? spec.nodeName
          : ctx.cluster.scheduleNode();
      return {
        ...object,
        spec: {
          ...spec,
          serviceAccountName: serviceAccount,
          serviceAccount,
          ...(nodeName ? { nodeName } : {}),
        },
        status: runningStatus(now),
      };
    }
    case 'Deployment':
    case 'StatefulSet':
      return {
        ...object,
        metadata: { ...object.metadata, generation: 1 },
        spec: { replicas: 1, ...spec },
        status: {},
      };
    case 'DaemonSet':
      return {
        ...object,
        metadata: { ...object.metadata, generation: 1 },
        status: {},
      };
    case 'Job':
      return {
        ...object,
        metadata: { ...object.metadata, generation: 1 },
        spec: { parallelism: 1, completions: 1, ...spec },
        status: {},
      };
    default:
      return object;
  }
}

const GENERATED_SUFFIX_ALPHABET = 'bcdfghjklmnpqrstvwxz2456789';

function generatedName(prefix: string) {
  return (
    prefix +
    [...randomBytes(5)]
      .map(b => GENERATED_SUFFIX_ALPHABET[b % GENERATED_SUFFIX_ALPHABET.length])
      .join('')
  );
}

export function create(ctx: VerbContext, req: ResourceRequest): VerbResult {
  requireVerb(req.type, 'create');
  const { type } = req;
  if (type.namespaced && !req.namespace) throw methodNotAllowed();
  if (!isObject(ctx.body))
    throw badRequest(`the body of a create must be a ${type.kind} object`);
  const dryRun = isDryRun(ctx.query);
  typeMetaProblems(type, ctx.body);
  const input = structuredClone(ctx.body);
  if (input.metadata !== undefined && !isObject(input.metadata))
    throw badRequest('metadata must be an object');
  const metadata = (input.metadata ?? {}) as JsonObject;
  let name = typeof metadata.name === 'string' ? metadata.name : '';
  if (
    !name &&
    typeof metadata.generateName === 'string' &&
    metadata.generateName
  ) {
    name = generatedName(metadata.generateName);
  }
  if (
    type.namespaced &&
    metadata.namespace !== undefined &&
    metadata.namespace !== '' &&
    metadata.namespace !== req.namespace
  ) {
    throw badRequest(
      'the namespace of the provided object does not match the namespace sent on the request',
    );
  }
  if (!name) {
    throw invalid(type.kind, type.group, '', [
      required('metadata.name', 'name or generateName is required'),
    ]);
  }
  const causes = [
    ...nameProblems(name, type.nameFormat),
    ...metadataMapProblems(metadata),
    ...specProblems(type, isObject(input.spec) ? input.spec : {}),
  ];
  if (causes.length) throw invalid(type.kind, type.group, name, causes);

  const { store } = ctx.cluster;
  if (type.namespaced && !store.get(NAMESPACES, undefined, req.namespace!)) {
    throw notFound(NAMESPACES, req.namespace!);
  }
  if (store.get(type, req.namespace, name)) throw alreadyExists(type, name);
  if (type.kind === 'Pod') {
    const serviceAccount = serviceAccountOf(
      isObject(input.spec) ? input.spec : undefined,
    );
    if (!store.get(SERVICE_ACCOUNTS, req.namespace, serviceAccount)) {
      throw forbidden(
        type,
        name,
        `error looking up service account ${req.namespace}/${serviceAccount}: serviceaccount "${serviceAccount}" not found`,
      );
    }
  }

  // Fields the API server owns are never taken from the client.
  const {
    uid: _uid,
    resourceVersion: _rv,
    creationTimestamp: _ct,
    deletionTimestamp: _dt,
    generation: _g,
    namespace: _ns,
    ...clientMetadata
  } = metadata;
  const object = withDefaults(ctx, type, {
    ...input,
    apiVersion: apiVersionOf(type),
    kind: type.kind,
    metadata: {
      ...clientMetadata,
      name,
      ...(type.namespaced ? { namespace: req.namespace } : {}),
      uid: '',
      resourceVersion: '',
      creationTimestamp: '',
    },
  });

  if (dryRun) {
    const preview = {
      ...object,
      metadata: {
        ...object.metadata,
        uid: randomUUID(),
        creationTimestamp: kubeTime(ctx.cluster.now()),
      },
    };
    return { code: 201, body: preview };
  }
  store.insert(type, object);
  if (type.kind === 'Namespace')
    store.insert(SERVICE_ACCOUNTS, serviceAccountObject(name, 'default'));
  settle(ctx.cluster, type.namespaced ? req.namespace : undefined);
  ctx.recordMutation('create', type, req.namespace, name);
  return { code: 201, body: store.get(type, req.namespace, name) };
}

export function patch(ctx: VerbContext, req: ResourceRequest): VerbResult {
  requireVerb(req.type, 'patch');
  const { type } = req;
  const current = existing(ctx, req);
  const dryRun = isDryRun(ctx.query);
  const patched = applyPatch(
    ctx.contentType,
    structuredClone(current),
    ctx.body,
  );
  if (!isObject(patched) || !isObject(patched.metadata)) {
    throw badRequest(
      `the patch must leave a ${type.kind} object with metadata`,
    );
  }
  typeMetaProblems(type, patched);
  const metadata = patched.metadata as JsonObject;
  const immutable = (['name', 'namespace'] as const).filter(
    f => metadata[f] !== current.metadata[f],
  );
  if (immutable.length) {
    throw invalid(
      type.kind,
      type.group,
      current.metadata.name,
      immutable.map(f => ({
        reason: 'FieldValueInvalid',
        message: `Invalid value: ${JSON.stringify(
          metadata[f] ?? '',
        )}: field is immutable`,
        field: `metadata.${f}`,
      })),
    );
  }
  if (
    metadata.resourceVersion !== undefined &&
    metadata.resourceVersion !== current.metadata.resourceVersion
  ) {
    throw conflict(type, current.metadata.name);
  }
  const causes = metadataMapProblems(metadata);
  if (causes.length)
    throw invalid(type.kind, type.group, current.metadata.name, causes);

  const { uid, resourceVersion, creationTimestamp } = current.metadata;
  const labels =
    type.kind === 'Namespace'
      ? {
          ...(metadata.labels as Record<string, string>),
          'kubernetes.io/metadata.name': current.metadata.name,
        }
      : (metadata.labels as Record<string, string> | undefined);
  const next: KubeObject = {
    ...(patched as KubeObject),
    apiVersion: apiVersionOf(type),
    kind: type.kind,
    metadata: {
      ...(metadata as KubeObject['metadata']),
      uid,
      resourceVersion,
      creationTimestamp,
      ...(labels && Object.keys(labels).length
        ? { labels }
        : { labels: undefined }),
    },
  };
  if (!next.metadata.labels) delete next.metadata.labels;
  if (
    next.metadata.annotations &&
    !Object.keys(next.metadata.annotations).length
  )
    delete next.metadata.annotations;
  if (dryRun) return { code: 200, body: next };
  const stored = ctx.cluster.store.update(type, next);
  settle(ctx.cluster, type.namespaced ? req.namespace : undefined);
  ctx.recordMutation('patch', type, req.namespace, current.metadata.name);
  return { code: 200, body: stored };
}

/** Objects whose controller is `owner`. */
function dependentsOf(ctx: VerbContext, owner: KubeObject) {
  return RESOURCES.filter(r => r.namespaced).flatMap(type =>
    ctx.cluster.store
      .list(type, owner.metadata.namespace)
      .filter(o =>
        o.metadata.ownerReferences?.some(ref => ref.uid === owner.metadata.uid),
      )
      .map(o => ({ type, object: o })),
  );
}

export function remove(ctx: VerbContext, req: ResourceRequest): VerbResult {
  requireVerb(req.type, 'delete');
  const { type } = req;
  const current = existing(ctx, req);
  const options = isObject(ctx.body) ? ctx.body : {};
  const dryRun = isDryRun(ctx.query, options);
  if (
    type.kind === 'Namespace' &&
    UNDELETABLE_NAMESPACES.includes(current.metadata.name)
  ) {
    throw forbidden(
      type,
      current.metadata.name,
      'this namespace may not be deleted',
    );
  }
  const propagation = (ctx.query.get('propagationPolicy') ??
    options.propagationPolicy ??
    'Background') as string;
  if (!['Background', 'Foreground', 'Orphan'].includes(propagation)) {
    throw badRequest(
      `propagationPolicy: Unsupported value: "${propagation}": supported values: "Foreground", "Background", "Orphan"`,
    );
  }

  const now = kubeTime(ctx.cluster.now());
  const answer: VerbResult = ['Namespace', 'Pod', 'ServiceAccount'].includes(
    type.kind,
  )
    ? {
        code: 200,
        body: {
          ...current,
          metadata: {
            ...current.metadata,
            ...(type.kind === 'ServiceAccount'
              ? {}
              : { deletionTimestamp: now }),
          },
          ...(type.kind === 'Namespace'
            ? { status: { phase: 'Terminating' } }
            : {}),
        },
      }
    : {
        code: 200,
        body: {
          kind: 'Status',
          apiVersion: 'v1',
          metadata: {},
          status: 'Success',
          details: {
            name: current.metadata.name,
            ...(type.group ? { group: type.group } : {}),
            kind: type.plural,
            uid: current.metadata.uid,
          },
        },
      };
  if (dryRun) return answer;

  const { store } = ctx.cluster;
  if (type.kind === 'Namespace') {
    for (const namespaced of RESOURCES.filter(r => r.namespaced)) {
      for (const o of store.list(namespaced, current.metadata.name))
        store.remove(namespaced, o.metadata.namespace, o.metadata.name);
    }
  } else if (propagation === 'Orphan') {
    for (const { type: dependentType, object } of dependentsOf(ctx, current)) {
      const { ownerReferences, ...metadata } = object.metadata;
      const kept = ownerReferences!.filter(
        ref => ref.uid !== current.metadata.uid,
      );
      store.update(dependentType, {
        ...object,
        metadata: {
          ...metadata,
          ...(kept.length ? { ownerReferences: kept } : {}),
        },
      });
    }
  }
  store.remove(type, req.namespace, current.metadata.name);
  settle(ctx.cluster, type.namespaced ? req.namespace : undefined);
  ctx.recordMutation('delete', type, req.namespace, current.metadata.name);
  return answer;
}
