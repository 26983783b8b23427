import { useApi } from '@backstage/core-plugin-api';
import { usePermission } from '@backstage/plugin-permission-react';
import useAsyncFn from 'react-use/esm/useAsyncFn';
import { eksPodIdentityRefreshPermission } from '@pod-identity/plugin-eks-pod-identity-common';
import { eksPodIdentityApiRef } from '../api';

/**
 * Rescan trigger, and whether the signed-in user may use it. `state.value` is
 * the time the backend accepted the last request.
 */
export function useRefresh(onStarted?: () => void) {
  const api = useApi(eksPodIdentityApiRef);
  const { allowed } = usePermission({
    permission: eksPodIdentityRefreshPermission,
  });
  const [state, refresh] = useAsyncFn(
    async (cluster?: string) => {
      await api.refresh(cluster ? { cluster } : {});
      onStarted?.();
      return new Date();
    },
    [api, onStarted],
  );
  return { allowed, state, refresh };
}
