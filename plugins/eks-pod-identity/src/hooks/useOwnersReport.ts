import { useApi } from '@backstage/core-plugin-api';
import useAsync from 'react-use/esm/useAsync';
import { eksPodIdentityApiRef } from '../api';

/** `value` is undefined when the backend has no ownership report. */
export function useOwnersReport() {
  const api = useApi(eksPodIdentityApiRef);
  return useAsync(() => api.getOwnersReport(), [api]);
}
