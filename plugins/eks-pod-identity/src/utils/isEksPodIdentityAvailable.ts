import type { Entity } from '@backstage/catalog-model';
import {
  ANNOTATION_KUBERNETES_ID,
  ANNOTATION_SERVICE_ACCOUNTS,
} from '@pod-identity/plugin-eks-pod-identity-common';

/**
 * True when the entity maps to service accounts (docs/architecture.md §4): through the
 * plugin's own annotation, or through the Kubernetes plugin's id annotation.
 *
 * @public
 */
export function isEksPodIdentityAvailable(entity: Entity): boolean {
  const annotations = entity.metadata.annotations ?? {};
  return Boolean(
    annotations[ANNOTATION_SERVICE_ACCOUNTS]?.trim() ||
      annotations[ANNOTATION_KUBERNETES_ID]?.trim(),
  );
}

/**
 * Where the "AWS access" tab shows: every component, mapped or not, so that
 * "Request access" can grant a component its first access; and any other
 * entity that maps to service accounts.
 *
 * @public
 */
export function isAwsAccessTabAvailable(entity: Entity): boolean {
  return (
    entity.kind.toLocaleLowerCase('en-US') === 'component' ||
    isEksPodIdentityAvailable(entity)
  );
}
