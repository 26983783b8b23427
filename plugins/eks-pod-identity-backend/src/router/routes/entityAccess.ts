import { stringifyEntityRef } from '@backstage/catalog-model';
import { NotFoundError } from '@backstage/errors';
import type { EntityAccessResponse } from '@pod-identity/plugin-eks-pod-identity-common';
import { toServiceAccountAccess } from '../../api/serviceAccountAccess';
import { visibleServiceAccounts } from '../../mapping/visibleServiceAccounts';
import { sendSnapshotJson } from '../cachedJson';
import type { RouterOptions, SpecHandler } from '../types';

/**
 * `GET /v1/entity/:namespace/:kind/:name/access`. Authorized by the catalog:
 * the entity is read with the caller's credentials, so a caller who may not
 * see it gets the same 404 as for an entity that does not exist.
 */
export function getEntityAccess(
  options: RouterOptions,
): SpecHandler<'/v1/entity/{namespace}/{kind}/{name}/access', 'get'> {
  return async (req, res) => {
    const { namespace, kind, name } = req.params;
    const credentials = await options.httpAuth.credentials(req);
    const entity = await options.catalog.getEntityByRef(
      { kind, namespace, name },
      { credentials },
    );
    if (!entity) {
      throw new NotFoundError(
        `Entity ${stringifyEntityRef({
          kind,
          namespace,
          name,
        })} is not in the catalog`,
      );
    }
    const view = await options.readModel.current();
    const entityRef = stringifyEntityRef(entity);
    const { serviceAccounts, clusters, inventoryReader } =
      await visibleServiceAccounts(entity, view, {
        credentials,
        permissions: options.permissions,
        logger: options.logger,
      });
    // The answer depends on the snapshot, the entity's mapping annotations,
    // and whether the caller may see contested claims.
    const key = `entity ${entityRef} ${inventoryReader} ${JSON.stringify(
      entity.metadata.annotations ?? {},
    )}`;
    sendSnapshotJson(req, res, view, key, () => {
      const statuses = clusters.flatMap(c => view.clusterStatus(c) ?? []);
      const scanTimes = clusters
        .map(c => view.cluster(c)?.scannedAt)
        .filter((t): t is string => Boolean(t))
        .sort();
      const body: EntityAccessResponse = {
        entityRef,
        ...(scanTimes.length > 0 ? { scannedAt: scanTimes[0] } : {}),
        clusters: statuses,
        items: serviceAccounts.map(sa =>
          toServiceAccountAccess(sa, view, entityRef),
        ),
      };
      return body;
    });
  };
}
