import type { ReactNode } from 'react';
import Box from '@material-ui/core/Box';
import Typography from '@material-ui/core/Typography';
import { CodeSnippet, EmptyState } from '@backstage/core-components';
import type { Entity } from '@backstage/catalog-model';
import {
  ANNOTATION_KUBERNETES_ID,
  ANNOTATION_SERVICE_ACCOUNTS,
} from '@pod-identity/plugin-eks-pod-identity-common';
import { isEksPodIdentityAvailable } from '../../utils/isEksPodIdentityAvailable';
import { useTranslationRef } from '@backstage/frontend-plugin-api';
import { eksPodIdentityTranslationRef } from '../../translation';

function annotationSnippet(entity: Entity) {
  return `metadata:
  annotations:
    # cluster:namespace/serviceaccount, comma separated; "*" as cluster = every cluster
    ${ANNOTATION_SERVICE_ACCOUNTS}: "*:my-namespace/${entity.metadata.name}"`;
}

/**
 * Shown when no service account could be tied to the entity: either it
 * carries neither annotation, or its annotations match nothing scanned.
 */
export function NoMappingEmptyState(props: {
  entity: Entity;
  /** The "Request access" button, which works before any mapping exists. */
  requestAccess: ReactNode;
}) {
  const { entity, requestAccess } = props;
  const annotated = isEksPodIdentityAvailable(entity);
  const { t } = useTranslationRef(eksPodIdentityTranslationRef);
  return (
    <EmptyState
      missing={annotated ? 'data' : 'field'}
      title={
        annotated ? t('noMapping.titleNotFound') : t('noMapping.titleUnmapped')
      }
      description={
        <>
          <Typography variant="body1" paragraph>
            {t('noMapping.intro')}
          </Typography>
          <Typography variant="body1" component="ol">
            <li>
              List them in the <code>{ANNOTATION_SERVICE_ACCOUNTS}</code>{' '}
              annotation as <code>cluster:namespace/serviceaccount</code>.
            </li>
            <li>
              Or set <code>{ANNOTATION_KUBERNETES_ID}</code>: the workloads
              carrying the label <code>{ANNOTATION_KUBERNETES_ID}</code> on
              every cluster are found, and their service accounts used.
            </li>
            <li>
              Or request access: the template creates the IAM role, service
              account and association for this component, and they show here as
              granted through Backstage.
            </li>
          </Typography>
          {annotated && (
            <Typography variant="body2" color="textSecondary" paragraph>
              Check that the names in the annotation match the cluster, or that
              the workloads carry the label; the inventory is refreshed on a
              schedule.
            </Typography>
          )}
        </>
      }
      action={
        <>
          <Box mb={2}>{requestAccess}</Box>
          <CodeSnippet
            language="yaml"
            text={annotationSnippet(entity)}
            showCopyCodeButton
          />
        </>
      }
    />
  );
}
