import { useApi } from '@backstage/core-plugin-api';
import useAsync from 'react-use/esm/useAsync';
import { eksPodIdentityApiRef } from '../api';

/** Full role: trust policy, permission policies, boundary, who uses it. */
export function useRoleDetail(roleArn: string) {
  const api = useApi(eksPodIdentityApiRef);
  return useAsync(() => api.getRole(roleArn), [api, roleArn]);
}
