import { useApi } from '@backstage/core-plugin-api';
import useAsync from 'react-use/esm/useAsync';
import { eksPodIdentityApiRef, type FindingsQuery } from '../api';

export function useFindings(query: FindingsQuery = {}) {
  const api = useApi(eksPodIdentityApiRef);
  const { severity, code, cluster, limit, cursor } = query;
  return useAsync(
    () => api.getFindings({ severity, code, cluster, limit, cursor }),
    [api, severity, code, cluster, limit, cursor],
  );
}
