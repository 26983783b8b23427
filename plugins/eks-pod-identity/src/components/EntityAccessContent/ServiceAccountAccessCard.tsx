import type { ReactNode } from 'react';
import Box from '@material-ui/core/Box';
import Typography from '@material-ui/core/Typography';
import { InfoCard } from '@backstage/core-components';
import Alert from '@material-ui/lab/Alert';
import type {
  ServiceAccountAccess,
  ServiceAccountSource,
} from '@pod-identity/plugin-eks-pod-identity-common';
import { AccessSummaryTable } from '../common/AccessSummaryTable';
import { DetailList } from '../common/DetailList';
import { FindingsList } from '../common/FindingsList';
import { AssociationDetails } from './AssociationDetails';
import { RequestAccessButton } from './RequestAccessButton';
import { RoleSection } from './RoleSection';
import { useTranslationRef } from '@backstage/frontend-plugin-api';
import { eksPodIdentityTranslationRef } from '../../translation';

/** How each mapping source tied the service account to the entity, in words. */
const SOURCE_TEXT: Record<ServiceAccountSource, string> = {
  annotation: 'named in the eks-pod-identity/service-accounts annotation',
  'kubernetes-id':
    "its workloads carry the component's backstage.io/kubernetes-id label (or match its label selector)",
  grant:
    'granted through Backstage: the association or its role was created for this component by a software template',
};

function Section(props: { title: string; children: ReactNode }) {
  return (
    <Box component="section" mt={2}>
      <Typography variant="h6" component="h3" gutterBottom>
        {props.title}
      </Typography>
      {props.children}
    </Box>
  );
}

function irsaText(item: ServiceAccountAccess): string {
  if (!item.irsaRoleArn) return 'not used';
  return item.association
    ? `still annotated with ${item.irsaRoleArn}: remove the annotation once Pod Identity works`
    : `uses ${item.irsaRoleArn} (candidate for migration to Pod Identity)`;
}

/** Everything about one service account the entity runs as. */
export function ServiceAccountAccessCard(props: {
  item: ServiceAccountAccess;
  entityRef: string;
  requestAccessTemplate?: string;
}) {
  const { item, entityRef, requestAccessTemplate } = props;
  const role = item.role;
  const { t } = useTranslationRef(eksPodIdentityTranslationRef);
  return (
    <InfoCard
      title={`${item.namespace}/${item.serviceAccount}`}
      titleTypographyProps={{ component: 'h2' }}
      subheader={`on cluster ${item.cluster}`}
      action={
        <RequestAccessButton
          template={requestAccessTemplate}
          label={t('entityTab.requestMoreAccess')}
          component={entityRef}
          cluster={item.cluster}
          namespace={item.namespace}
          serviceAccount={item.serviceAccount}
        />
      }
    >
      {item.contestedBy && (
        <Alert severity="warning">
          Contested: no grant names this component and no workload label is its
          kubernetes-id alone, while {item.contestedBy.join(', ')}{' '}
          {item.contestedBy.length === 1 ? 'has' : 'have'} an equal or better
          claim on {item.namespace}/{item.serviceAccount}. Only inventory
          readers see it here.
        </Alert>
      )}
      <DetailList
        items={[
          ['Cluster', item.cluster],
          ['Namespace', item.namespace],
          [
            'Service account',
            `${item.serviceAccount}${
              item.serviceAccountExists ? '' : ' (does not exist)'
            }`,
          ],
          ['Mapped by', SOURCE_TEXT[item.source]],
          ['IRSA', irsaText(item)],
        ]}
      />
      <Section title={t('entityTab.associationSection')}>
        <AssociationDetails association={item.association} />
      </Section>
      {role && (
        <Section title={t('entityTab.roleSection')}>
          <RoleSection role={role} />
          {item.targetRole && (
            <Box mt={2}>
              <RoleSection
                role={item.targetRole}
                label="Target role (assumed next)"
              />
            </Box>
          )}
        </Section>
      )}
      <Section title={t('entityTab.effectiveAccessSection')}>
        <AccessSummaryTable summary={item.access} />
      </Section>
      <Section title={t('entityTab.findingsSection')}>
        <FindingsList
          findings={item.findings}
          emptyText="No findings: nothing to fix."
        />
      </Section>
    </InfoCard>
  );
}
