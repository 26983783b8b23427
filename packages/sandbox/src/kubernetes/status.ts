/**
 * Kubernetes `Status` failures, phrased as the API server phrases them so that
 * client code written against the sandbox handles real clusters the same way.
 */

export type StatusCause = { reason: string; message: string; field: string };

export type StatusDetails = {
  name?: string;
  group?: string;
  kind?: string;
  causes?: StatusCause[];
};

export class KubeStatusError extends Error {
  constructor(
    readonly code: number,
    readonly reason: string,
    message: string,
    readonly details?: StatusDetails,
  ) {
    super(message);
    this.name = 'KubeStatusError';
  }

  toStatus() {
    return {
      kind: 'Status',
      apiVersion: 'v1',
      metadata: {},
      status: 'Failure',
      message: this.message,
      reason: this.reason,
      ...(this.details ? { details: this.details } : {}),
      code: this.code,
    };
  }
}

/** How a resource is named in error messages: `serviceaccounts`, `deployments.apps`. */
export type ResourceName = { plural: string; group: string };

function qualified(resource: ResourceName) {
  return resource.group
    ? `${resource.plural}.${resource.group}`
    : resource.plural;
}

function detailsOf(resource: ResourceName, name: string): StatusDetails {
  return {
    name,
    ...(resource.group ? { group: resource.group } : {}),
    kind: resource.plural,
  };
}

export function notFound(resource: ResourceName, name: string) {
  return new KubeStatusError(
    404,
    'NotFound',
    `${qualified(resource)} "${name}" not found`,
    detailsOf(resource, name),
  );
}

export function alreadyExists(resource: ResourceName, name: string) {
  return new KubeStatusError(
    409,
    'AlreadyExists',
    `${qualified(resource)} "${name}" already exists`,
    detailsOf(resource, name),
  );
}

export function conflict(resource: ResourceName, name: string) {
  return new KubeStatusError(
    409,
    'Conflict',
    `Operation cannot be fulfilled on ${qualified(
      resource,
    )} "${name}": the object has been modified; please apply your changes to the latest version and try again`,
    detailsOf(resource, name),
  );
}

export function forbidden(resource: ResourceName, name: string, why: string) {
  return new KubeStatusError(
    403,
    'Forbidden',
    `${qualified(resource)} "${name}" is forbidden: ${why}`,
    detailsOf(resource, name),
  );
}

/** 422: `kind` is the object's Kind (ServiceAccount), as in `ServiceAccount "x" is invalid: ...`. */
export function invalid(
  kind: string,
  group: string,
  name: string,
  causes: StatusCause[],
) {
  const list = causes.map(c => `${c.field}: ${c.message}`);
  const summary = list.length === 1 ? list[0] : `[${list.join(', ')}]`;
  return new KubeStatusError(
    422,
    'Invalid',
    `${kind} "${name}" is invalid: ${summary}`,
    {
      name,
      ...(group ? { group } : {}),
      kind,
      causes,
    },
  );
}

export function badRequest(message: string) {
  return new KubeStatusError(400, 'BadRequest', message);
}

export function unauthorized() {
  return new KubeStatusError(401, 'Unauthorized', 'Unauthorized');
}

export function pathNotFound() {
  return new KubeStatusError(
    404,
    'NotFound',
    'the server could not find the requested resource',
  );
}

export function methodNotAllowed() {
  return new KubeStatusError(
    405,
    'MethodNotAllowed',
    'the server does not allow this method on the requested resource',
  );
}

export function unsupportedMediaType(contentType: string, accepted: string[]) {
  return new KubeStatusError(
    415,
    'UnsupportedMediaType',
    `the body of the request was in an unknown format (${
      contentType || 'none'
    }) - accepted media types include: ${accepted.join(', ')}`,
  );
}

export function requestTooLarge(limit: number) {
  return new KubeStatusError(
    413,
    'RequestEntityTooLarge',
    `Request entity too large: limit is ${limit}`,
  );
}
