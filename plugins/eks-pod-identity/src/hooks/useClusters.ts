import { useApi } from '@backstage/core-plugin-api';
import useAsyncRetry from 'react-use/esm/useAsyncRetry';
import { eksPodIdentityApiRef } from '../api';

export function useClusters() {
  const api = useApi(eksPodIdentityApiRef);
  return useAsyncRetry(async () => (await api.getClusters()).items, [api]);
}
