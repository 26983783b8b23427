import { parseEntityRef } from '@backstage/catalog-model';
import type { NotificationSendOptions } from '@backstage/plugin-notifications-node';
import {
  ENTITY_ACCESS_TAB_PATH,
  severityRank,
} from '@pod-identity/plugin-eks-pod-identity-common';
import type { EntityFinding } from './planNotifications';

export const NOTIFICATION_TOPIC = 'EKS Pod Identity';

/** The entity's AWS access tab, relative to the app (Backstage lower-cases kind and namespace in entity routes). */
export function accessTabLink(entityRef: string): string {
  const { kind, namespace, name } = parseEntityRef(entityRef);
  const path = [
    namespace.toLocaleLowerCase('en-US'),
    kind.toLocaleLowerCase('en-US'),
    name,
  ].map(encodeURIComponent);
  return `/catalog/${path.join('/')}/${ENTITY_ACCESS_TAB_PATH}`;
}

/** One notification for the new findings of one entity, worst first. */
export function findingNotification(
  entityRef: string,
  findings: EntityFinding[],
): NotificationSendOptions {
  const ordered = [...findings].sort(
    (a, b) =>
      severityRank(a.finding.severity) - severityRank(b.finding.severity),
  );
  const worst = ordered[0].finding.severity;
  const { name } = parseEntityRef(entityRef);
  const title =
    ordered.length === 1
      ? `${name}: ${ordered[0].finding.title}`
      : `${name}: ${ordered.length} new critical or high AWS access findings`;
  const description = ordered
    .map(
      ({ finding, serviceAccount }) =>
        `${finding.severity.toUpperCase()} ${
          finding.code
        } (${serviceAccount}): ${finding.detail}`,
    )
    .join('\n');
  return {
    recipients: { type: 'entity', entityRef },
    payload: {
      title,
      description,
      link: accessTabLink(entityRef),
      severity: worst === 'critical' ? 'critical' : 'high',
      topic: NOTIFICATION_TOPIC,
    },
  };
}
