import type {
  BackstageCredentials,
  HttpAuthService,
  PermissionsService,
} from '@backstage/backend-plugin-api';
import { NotAllowedError } from '@backstage/errors';
import {
  AuthorizeResult,
  BasicPermission,
} from '@backstage/plugin-permission-common';
import type { Request } from 'express';

/** Whether the permission framework allows the caller `permission`. */
export async function isAllowed(
  credentials: BackstageCredentials,
  deps: { permissions: PermissionsService },
  permission: BasicPermission,
): Promise<boolean> {
  const [decision] = await deps.permissions.authorize([{ permission }], {
    credentials,
  });
  return decision.result === AuthorizeResult.ALLOW;
}

/** The caller's credentials, once the permission framework allows `permission`. */
export async function requirePermission(
  // Any route's request: the typed ones differ only in params, query and body.
  req: Request<any, any, any, any>,
  deps: { httpAuth: HttpAuthService; permissions: PermissionsService },
  permission: BasicPermission,
): Promise<BackstageCredentials> {
  const credentials = await deps.httpAuth.credentials(req);
  if (!(await isAllowed(credentials, deps, permission))) {
    throw new NotAllowedError(`This needs the ${permission.name} permission`);
  }
  return credentials;
}
