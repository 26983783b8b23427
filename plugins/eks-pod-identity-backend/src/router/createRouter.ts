import express from 'express';
import { createOpenApiRouter } from '../schema/openapi';
import { getActions } from './routes/actions';
import { getAssociations } from './routes/associations';
import { getChanges } from './routes/changes';
import { getClusters } from './routes/clusters';
import { getEntityAccess } from './routes/entityAccess';
import { getFindings } from './routes/findings';
import { getGovernanceOwners } from './routes/governanceOwners';
import { postRefresh } from './routes/refresh';
import { getRole } from './routes/roles';
import { postSimulate } from './routes/simulate';
import type { RouterOptions } from './types';
import { rewordValidationErrors } from './validation';
import { encodeRoleArnPath } from './roleArnPath';

/**
 * The v1 REST API, as src/schema/openapi.yaml describes it: the router
 * rejects a request the spec does not allow (unknown or malformed query
 * parameters, bodies) with a 400 before a handler runs, and its paths are
 * type-checked against the spec. Errors thrown by handlers reach the
 * backend's default error handler, which answers `{error:{name,message}}`
 * with the status of the @backstage/errors type.
 */
export async function createRouter(
  options: RouterOptions,
): Promise<express.Router> {
  const router = await createOpenApiRouter({
    middleware: [express.json(), encodeRoleArnPath()],
  });
  router.use(rewordValidationErrors());

  router.get('/health', (_req, res) => {
    res.json({ status: 'ok' });
  });
  router.get('/v1/clusters', getClusters(options));
  router.get('/v1/associations', getAssociations(options));
  router.get(
    '/v1/entity/:namespace/:kind/:name/access',
    getEntityAccess(options),
  );
  router.get('/v1/roles/:roleArn', getRole(options));
  router.post('/v1/refresh', postRefresh(options));
  router.get('/v1/governance/owners', getGovernanceOwners(options));
  router.get('/v1/findings', getFindings(options));
  router.post('/v1/simulate', postSimulate(options));
  router.get('/v1/actions', getActions(options));
  router.get('/v1/changes', getChanges(options));

  return router;
}
