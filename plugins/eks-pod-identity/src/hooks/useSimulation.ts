import { useApi } from '@backstage/core-plugin-api';
import useAsyncFn from 'react-use/esm/useAsyncFn';
import type { SimulateRequest } from '@pod-identity/plugin-eks-pod-identity-common';
import { eksPodIdentityApiRef } from '../api';

/** "Can it do…?": runs one simulation per submit; the state holds the last answer. */
export function useSimulation() {
  const api = useApi(eksPodIdentityApiRef);
  return useAsyncFn(
    async (request: SimulateRequest) => (await api.simulate(request)).results,
    [api],
  );
}
