import { parseEntityRef, stringifyEntityRef } from '@backstage/catalog-model';
import {
  InputError,
  NotFoundError,
  ServiceUnavailableError,
} from '@backstage/errors';
import type { SimulateResponse } from '@pod-identity/plugin-eks-pod-identity-common';
import { ActionCatalogue } from '@pod-identity/plugin-eks-pod-identity-node';
import { z } from 'zod';
import {
  isSimulationResource,
  SIMULATION_RESOURCE_RULE,
} from '../../assistant/simulation';
import { visibleServiceAccounts } from '../../mapping/visibleServiceAccounts';
import type { RouterOptions, SpecHandler } from '../types';
import { parseInput } from '../validation';

const bodySchema = z
  .object({
    entityRef: z
      .string({
        error: 'is required, e.g. component:default/orders-api',
      })
      .min(1),
    action: z
      .string({ error: 'is required, e.g. s3:GetObject' })
      .regex(
        /^[A-Za-z0-9-]+:[A-Za-z0-9]+$/,
        'must be one IAM action such as s3:GetObject (no wildcards)',
      ),
    resource: z
      .string({
        error: 'is required: a resource ARN, or * for actions without one',
      })
      .refine(isSimulationResource, SIMULATION_RESOURCE_RULE),
    context: z
      .record(z.string(), z.union([z.string(), z.array(z.string()).max(50)]))
      .refine(c => Object.keys(c).length <= 50, 'may hold at most 50 keys')
      .refine(
        c => Object.keys(c).every(k => /^[\w:/.-]+$/.test(k)),
        'keys must be condition keys such as aws:SourceIp',
      )
      .optional(),
  })
  .strict();

/**
 * `POST /v1/simulate {entityRef, action, resource, context?}`: for each
 * service account the entity maps to, whether its pods may make the
 * request. The entity is read with the caller's credentials, as for the
 * entity access route.
 */
export function postSimulate(
  options: RouterOptions,
): SpecHandler<'/v1/simulate', 'post'> {
  return async (req, res) => {
    const body = parseInput(bodySchema, req.body, 'body field');
    let ref;
    try {
      ref = parseEntityRef(body.entityRef, {
        defaultKind: 'component',
        defaultNamespace: 'default',
      });
    } catch (error) {
      throw new InputError(
        `Invalid request: body field 'entityRef': ${
          (error as Error).message
        }; use kind:namespace/name, e.g. component:default/orders-api`,
      );
    }
    const catalogue = await ActionCatalogue.load();
    if (!catalogue.get(body.action)) {
      const close = catalogue.closest(body.action, 3);
      throw new InputError(
        `Invalid request: body field 'action': ${
          body.action
        } is not an IAM action${
          close.length ? ` (did you mean ${close.join(', ')}?)` : ''
        }`,
      );
    }
    const credentials = await options.httpAuth.credentials(req);
    const entity = await options.catalog.getEntityByRef(ref, { credentials });
    if (!entity) {
      throw new NotFoundError(
        `Entity ${stringifyEntityRef(ref)} is not in the catalog`,
      );
    }
    const view = await options.readModel.current();
    const simulate = view.analysis.simulate?.bind(view.analysis);
    if (!simulate) {
      throw new ServiceUnavailableError(
        'Simulation needs the access analysis, which is not installed in this backend',
      );
    }
    const { serviceAccounts } = await visibleServiceAccounts(entity, view, {
      credentials,
      permissions: options.permissions,
      logger: options.logger,
    });
    const question = {
      action: body.action,
      resource: body.resource,
      ...(body.context ? { context: body.context } : {}),
    };
    const response: SimulateResponse = {
      results: serviceAccounts.flatMap(sa => {
        const result = simulate(
          {
            cluster: sa.cluster,
            namespace: sa.namespace,
            serviceAccount: sa.serviceAccount,
          },
          question,
        );
        return result ? [result] : [];
      }),
    };
    res.json(response);
  };
}
