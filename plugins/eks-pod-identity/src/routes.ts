import {
  createExternalRouteRef,
  createRouteRef,
} from '@backstage/core-plugin-api';

/** The governance page. */
export const rootRouteRef = createRouteRef({ id: 'eks-pod-identity' });

/**
 * A software template page of the scaffolder, for "Request access". Bound to
 * the scaffolder by default in the new frontend system; when nothing binds it
 * (a legacy app without the binding) the link falls back to `/create`.
 */
export const templateRouteRef = createExternalRouteRef({
  id: 'eks-pod-identity:template',
  optional: true,
  params: ['namespace', 'templateName'],
  defaultTarget: 'scaffolder.selectedTemplate',
});
