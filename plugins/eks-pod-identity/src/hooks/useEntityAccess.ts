import { useApi } from '@backstage/core-plugin-api';
import { getCompoundEntityRef, type Entity } from '@backstage/catalog-model';
import useAsyncRetry from 'react-use/esm/useAsyncRetry';
import { eksPodIdentityApiRef } from '../api';

/** What the entity's service accounts can do in AWS, per docs/architecture.md §5 `/v1/entity/.../access`. */
export function useEntityAccess(entity: Entity) {
  const api = useApi(eksPodIdentityApiRef);
  const ref = getCompoundEntityRef(entity);
  return useAsyncRetry(
    () => api.getEntityAccess(ref),
    [api, ref.kind, ref.namespace, ref.name],
  );
}
