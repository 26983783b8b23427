/**
 * The HTTPS server of every emulated cluster's Kubernetes API. Clusters share
 * one port and are told apart by a path prefix, `/clusters/<clusterKey>`,
 * which @kubernetes/client-node keeps in front of every API path (it appends
 * paths to the configured server URL, as for Rancher-proxied clusters).
 */
import { IncomingMessage, ServerResponse } from 'node:http';
import { createServer } from 'node:https';
import { AddressInfo } from 'node:net';
import type { KubernetesSeed } from '../types';
import {
  forbiddenFor,
  isAllowed,
  KubernetesUser,
  RequestAttributes,
} from './authorize';
import { setAddonObjects } from './addons';
import { readSandboxTls } from './certs';
import { EmulatedCluster } from './cluster';
import { discover } from './discovery';
import {
  create,
  get,
  list,
  patch,
  remove,
  VerbContext,
  VerbResult,
} from './handlers';
import { Route, route } from './router';
import { exportSeed, loadSeed } from './seed';
import {
  KubeStatusError,
  methodNotAllowed,
  pathNotFound,
  requestTooLarge,
  unauthorized,
} from './status';
import { objectKey } from './store';
import { asTable, wantsTable } from './table';
import {
  ClusterMeta,
  ClusterStoreView,
  JsonObject,
  KubernetesApi,
  KubernetesApiOptions,
} from './types';
import { resourceByPlural } from './resources';

/** The API server's limit on request bodies. */
const MAX_BODY_BYTES = 3 * 1024 * 1024;

const PREFIX = /^\/clusters\/([^/]+)(\/.*)?$/;

function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolvePromise, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > MAX_BODY_BYTES) {
        reject(requestTooLarge(MAX_BODY_BYTES));
        req.destroy();
        return;
      }
      chunks.push(chunk);
    });
    req.on('end', () => resolvePromise(Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}

function parseBody(text: string): unknown {
  if (!text) return undefined;
  try {
    return JSON.parse(text);
  } catch (error) {
    throw new KubeStatusError(
      400,
      'BadRequest',
      `the body of the request could not be decoded as JSON: ${
        (error as Error).message
      }`,
    );
  }
}

function send(res: ServerResponse, result: VerbResult) {
  const text = JSON.stringify(result.body);
  res.writeHead(result.code, {
    'Content-Type': 'application/json',
    'Content-Length': Buffer.byteLength(text),
    'Cache-Control': 'no-cache, private',
  });
  res.end(text);
}

function bearerToken(header: string | undefined): string | undefined {
  const match = /^Bearer\s+(k8s-aws-v1\.\S+)$/.exec(header ?? '');
  return match?.[1];
}

/** The verbs of the API server's audit log, by HTTP method. */
const VERBS: Record<string, string> = {
  POST: 'create',
  PUT: 'update',
  PATCH: 'patch',
  DELETE: 'delete',
};

/** The API server's verb of a request on a resource: get, list, watch, create, update, patch, delete, deletecollection. */
function verbOf(method: string, query: URLSearchParams, name?: string) {
  const watch = ['true', '1'].includes(query.get('watch') ?? '');
  let verb = VERBS[method] ?? method.toLowerCase();
  if (method === 'GET') verb = watch ? 'watch' : 'list';
  if (method === 'GET' && name) verb = 'get';
  if (method === 'DELETE' && !name) verb = 'deletecollection';
  return verb;
}

/** `list ServiceAccount`, `get Pod`, `create Namespace`, ... or `discovery` (version and API discovery). */
function callName(target: Route, method: string, query: URLSearchParams) {
  if (target.kind !== 'resource') return 'discovery';
  const { type, name } = target.request;
  return `${verbOf(method, query, name)} ${type.kind}`;
}

function attributesOf(
  target: Route,
  method: string,
  query: URLSearchParams,
  path: string,
): RequestAttributes {
  if (target.kind !== 'resource') {
    return {
      kind: 'nonResource',
      verb: VERBS[method] ? method.toLowerCase() : 'get',
      path,
    };
  }
  const { type, namespace, name } = target.request;
  return {
    kind: 'resource',
    verb: verbOf(method, query, name),
    apiGroup: type.group,
    resource: type.plural,
    // The API server scopes a request on a Namespace object to that namespace.
    namespace: type.kind === 'Namespace' ? name : namespace,
    name,
  };
}

/** A user allowed everything, for an authenticator that answers `true`. */
const UNRESTRICTED: KubernetesUser = {
  username: 'kubernetes-admin',
  groups: ['system:masters'],
  grants: [
    {
      rules: [
        { apiGroups: ['*'], resources: ['*'], verbs: ['*'] },
        { nonResourceURLs: ['*'], verbs: ['*'] },
      ],
    },
  ],
};

export async function startKubernetesApi(
  options: KubernetesApiOptions,
): Promise<KubernetesApi> {
  const tls = readSandboxTls();
  const now = options.now ?? (() => new Date());
  const host = options.host ?? '127.0.0.1';
  const clusters = new Map<string, EmulatedCluster>();

  const clusterOf = (key: string) => {
    const cluster = clusters.get(key);
    if (!cluster) {
      throw new Error(
        `No Kubernetes API for cluster '${key}'; known: ${
          [...clusters.keys()].join(', ') || 'none'
        }`,
      );
    }
    return cluster;
  };

  async function answer(
    cluster: EmulatedCluster,
    req: IncomingMessage,
    path: string,
    query: URLSearchParams,
  ): Promise<VerbResult> {
    const method = req.method ?? 'GET';
    const target = route(path);
    // Counted like AWS calls: once the call names something served, whatever its answer.
    if (target.kind !== 'unknown')
      options.onCall?.(callName(target, method, query));
    if (options.beforeRequest) await options.beforeRequest();
    const token = bearerToken(req.headers.authorization);
    const signedIn = token && (await options.authenticate(token, cluster.key));
    if (!signedIn) throw unauthorized();
    const user = signedIn === true ? UNRESTRICTED : signedIn;
    const attributes = attributesOf(target, method, query, path);
    if (!isAllowed(cluster, user, attributes))
      throw forbiddenFor(user, attributes);

    const body = parseBody(await readBody(req));
    if (target.kind !== 'resource') {
      if (method !== 'GET') throw methodNotAllowed();
      const discovered = discover(
        target,
        cluster.version,
        req.headers.host ?? host,
      );
      if (!discovered) throw pathNotFound();
      return { code: 200, body: discovered };
    }

    const ctx: VerbContext = {
      cluster,
      query,
      body,
      contentType: (req.headers['content-type'] ?? '').split(';')[0].trim(),
      recordMutation: (verb, type, namespace, name) =>
        options.onMutation?.({
          at: now().toISOString(),
          service: 'kubernetes',
          operation: `${verb} ${type.kind}`,
          accountId: cluster.meta.accountId,
          region: cluster.meta.region,
          cluster: cluster.meta.clusterName,
          target: objectKey(namespace, name),
        }),
    };
    const request = target.request;
    switch (method) {
      case 'GET': {
        const result = request.name ? get(ctx, request) : list(ctx, request);
        return wantsTable(req.headers.accept)
          ? {
              code: result.code,
              body: asTable(
                request.type,
                result.body as JsonObject,
                cluster.now(),
              ),
            }
          : result;
      }
      case 'POST':
        if (request.name) throw methodNotAllowed();
        return create(ctx, request);
      case 'PATCH':
        if (!request.name) throw methodNotAllowed();
        return patch(ctx, request);
      case 'DELETE':
        if (!request.name) throw methodNotAllowed();
        return remove(ctx, request);
      default:
        throw methodNotAllowed();
    }
  }

  async function handle(req: IncomingMessage, res: ServerResponse) {
    const url = new URL(req.url ?? '/', 'https://sandbox.invalid');
    const match = PREFIX.exec(url.pathname);
    let cluster: EmulatedCluster | undefined;
    try {
      cluster = match ? clusters.get(decodeURIComponent(match[1])) : undefined;
    } catch {
      // A malformed escape names no cluster.
    }
    if (cluster?.down) {
      // An unreachable endpoint: the client gets a network error, not an HTTP answer.
      req.socket.destroy();
      return;
    }
    try {
      if (!cluster) throw pathNotFound();
      send(res, await answer(cluster, req, match![2] ?? '/', url.searchParams));
    } catch (error) {
      const status =
        error instanceof KubeStatusError
          ? error
          : new KubeStatusError(
              500,
              'InternalError',
              `Internal error occurred: ${
                (error as Error)?.message ?? String(error)
              }`,
            );
      if (!res.headersSent)
        send(res, { code: status.code, body: status.toStatus() });
    }
  }

  const server = createServer(
    { key: tls.keyPem, cert: tls.certPem },
    (req, res) => {
      void handle(req, res);
    },
  );
  await new Promise<void>((resolvePromise, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, host, () => {
      server.off('error', reject);
      resolvePromise();
    });
  });
  const url = `https://${host}:${(server.address() as AddressInfo).port}`;

  return {
    url,
    caPem: tls.caPem,
    addCluster(
      clusterKey: string,
      seed: KubernetesSeed | undefined,
      meta: ClusterMeta,
    ) {
      if (clusters.has(clusterKey))
        throw new Error(`Cluster '${clusterKey}' already has a Kubernetes API`);
      const cluster = new EmulatedCluster(clusterKey, meta, now);
      loadSeed(cluster, seed, options.seededAt);
      clusters.set(clusterKey, cluster);
    },
    removeCluster(clusterKey: string) {
      clusters.delete(clusterKey);
    },
    setAddonObjects(clusterKey: string, addonName: string, present: boolean) {
      setAddonObjects(clusterOf(clusterKey), addonName, present);
    },
    setDown(clusterKey: string, down: boolean) {
      clusterOf(clusterKey).down = down;
    },
    clusterUrl(clusterKey: string) {
      return `${url}/clusters/${encodeURIComponent(clusterKey)}`;
    },
    store(clusterKey: string): ClusterStoreView {
      const cluster = clusterOf(clusterKey);
      return {
        list: (resource, namespace) =>
          structuredClone(
            cluster.store.list(resourceByPlural(resource), namespace),
          ),
        get: (resource, namespace, name) => {
          const found = cluster.store.get(
            resourceByPlural(resource),
            namespace,
            name,
          );
          return found && structuredClone(found);
        },
        toSeed: () => exportSeed(cluster),
      };
    },
    stop() {
      return new Promise<void>(resolvePromise => {
        server.close(() => resolvePromise());
        server.closeAllConnections();
      });
    },
  };
}
