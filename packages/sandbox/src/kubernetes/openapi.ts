/**
 * Just enough OpenAPI v3 for `kubectl apply` with its default validation:
 * kubectl looks for the `fieldValidation` query parameter on each kind's
 * PATCH operation, and when it is there leaves validation to the server
 * instead of downloading schemas. The documents list those operations only.
 */
import { createHash } from 'node:crypto';
import { RESOURCES, ResourceType } from './resources';

/** `api/v1`, `apis/apps/v1`, ... */
function groupVersionPath(type: ResourceType) {
  return type.group
    ? `apis/${type.group}/${type.version}`
    : `api/${type.version}`;
}

function itemPath(type: ResourceType) {
  const base = `/${groupVersionPath(type)}`;
  return type.namespaced
    ? `${base}/namespaces/{namespace}/${type.plural}/{name}`
    : `${base}/${type.plural}/{name}`;
}

function document(path: string) {
  const types = RESOURCES.filter(r => groupVersionPath(r) === path);
  if (!types.length) return undefined;
  return {
    openapi: '3.0.0',
    info: { title: 'Kubernetes', version: 'v1' },
    paths: Object.fromEntries(
      types
        .filter(t => t.verbs.includes('patch'))
        .map(t => [
          itemPath(t),
          {
            patch: {
              operationId: `patch${t.kind}`,
              'x-kubernetes-action': 'patch',
              'x-kubernetes-group-version-kind': {
                group: t.group,
                version: t.version,
                kind: t.kind,
              },
              parameters: [
                'dryRun',
                'fieldManager',
                'fieldValidation',
                'force',
              ].map(name => ({
                name,
                in: 'query',
                schema: { type: 'string' },
              })),
              responses: { '200': { description: 'OK' } },
            },
          },
        ]),
    ),
    components: { schemas: {} },
  };
}

function hashOf(path: string) {
  return createHash('sha256')
    .update(JSON.stringify(document(path)))
    .digest('hex')
    .slice(0, 16)
    .toUpperCase();
}

/** `/openapi/v3`: where each group version's document is. */
export function openApiRoot() {
  const paths = [...new Set(RESOURCES.map(groupVersionPath))];
  return {
    paths: Object.fromEntries(
      paths.map(p => [
        p,
        { serverRelativeURL: `/openapi/v3/${p}?hash=${hashOf(p)}` },
      ]),
    ),
  };
}

/** `/openapi/v3/<group version path>`, or undefined for one the sandbox does not serve. */
export function openApiDocument(path: string) {
  return document(path);
}
