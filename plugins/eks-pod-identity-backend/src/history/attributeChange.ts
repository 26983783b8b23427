import {
  AccessChange,
  EksPodIdentityChangedEvent,
  OUTSIDE_BACKSTAGE,
  SEEN_BY_INVENTORY,
} from '@pod-identity/plugin-eks-pod-identity-common';
import type { ChangeDraft } from './diffFacts';

/** Whether a Backstage action's announcement names what the change is about. */
function names(event: EksPodIdentityChangedEvent, change: ChangeDraft) {
  if (change.roleArn && event.roleArns?.includes(change.roleArn)) {
    // A role change, or an association whose role the action made.
    if (!change.associationId || change.kind.startsWith('role.')) return true;
  }
  if (!change.cluster || event.cluster !== change.cluster) return false;
  if (change.associationId && event.associationId === change.associationId) {
    return true;
  }
  return Boolean(
    change.namespace &&
      event.namespace === change.namespace &&
      (!event.serviceAccount || event.serviceAccount === change.serviceAccount),
  );
}

/**
 * Says who made a change: the newest recent `eks-pod-identity.changed` event
 * naming the same association, service account or role gives the Backstage
 * user (and the component it was made for); with none, the change was made
 * outside Backstage. A finding raised or resolved was made by no one: the
 * inventory saw it, and it uses up no event.
 */
export function attributeChange(
  change: ChangeDraft,
  recentEventsNewestFirst: readonly EksPodIdentityChangedEvent[],
  usedEvents?: Set<EksPodIdentityChangedEvent>,
): Omit<AccessChange, 'id' | 'at'> {
  if (change.kind.startsWith('finding.')) {
    return { ...change, madeBy: SEEN_BY_INVENTORY };
  }
  const event = recentEventsNewestFirst.find(e => names(e, change));
  if (event) usedEvents?.add(event);
  if (!event) return { ...change, madeBy: OUTSIDE_BACKSTAGE };
  const entityRefs = event.entityRef
    ? [...new Set([...change.entityRefs, event.entityRef])].sort()
    : change.entityRefs;
  return {
    ...change,
    entityRefs,
    ...(event.actor ? { actor: event.actor } : {}),
    ...(event.source ? { source: event.source } : {}),
    madeBy: event.actor ?? 'Backstage',
  };
}
