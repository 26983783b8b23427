import { parseEntityRef } from '@backstage/catalog-model';

/** The entity's AWS access tab (the frontend plugin's `aws-access` route). */
export function entityPageUrl(
  appBaseUrl: string | undefined,
  entityRef: string | undefined,
): string | undefined {
  if (!appBaseUrl || !entityRef) return undefined;
  const { kind, namespace, name } = parseEntityRef(entityRef);
  // Backstage's entity routes lower-case kind and namespace, not the name.
  const path = [
    namespace.toLocaleLowerCase('en-US'),
    kind.toLocaleLowerCase('en-US'),
    name,
  ]
    .map(encodeURIComponent)
    .join('/');
  return `${appBaseUrl.replace(/\/+$/, '')}/catalog/${path}/aws-access`;
}
