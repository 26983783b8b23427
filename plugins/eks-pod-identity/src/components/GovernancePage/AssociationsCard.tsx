import { useState } from 'react';
import {
  InfoCard,
  Progress,
  ResponseErrorPanel,
} from '@backstage/core-components';
import Typography from '@material-ui/core/Typography';
import type { ClusterStatus } from '@pod-identity/plugin-eks-pod-identity-common';
import {
  useAssociationsPage,
  type AssociationFilters,
} from '../../hooks/useAssociationsPage';
import { AssociationFilterBar } from './AssociationFilterBar';
import { AssociationsTable } from './AssociationsTable';
import { ExportCsvButton } from './ExportCsvButton';
import { PAGE_SIZES, PageControls } from './PageControls';
import { useTranslationRef } from '@backstage/frontend-plugin-api';
import { eksPodIdentityTranslationRef } from '../../translation';

export function AssociationsCard(props: {
  filters: AssociationFilters;
  onFiltersChange: (filters: AssociationFilters) => void;
  clusters: ClusterStatus[];
  onRoleSelected: (roleArn: string) => void;
}) {
  const { filters, onFiltersChange, clusters, onRoleSelected } = props;
  const { t } = useTranslationRef(eksPodIdentityTranslationRef);
  const [pageSize, setPageSize] = useState(PAGE_SIZES[0]);
  const page = useAssociationsPage(filters, pageSize);
  const rows = page.value?.items ?? [];

  let body;
  if (page.error) body = <ResponseErrorPanel error={page.error} />;
  else if (page.loading && !page.value) body = <Progress />;
  else if (rows.length === 0) {
    body = (
      <Typography color="textSecondary">
        No association matches these filters.
      </Typography>
    );
  } else
    body = (
      <AssociationsTable associations={rows} onRoleSelected={onRoleSelected} />
    );

  return (
    <InfoCard
      title={t('governancePage.associationsTitle')}
      action={<ExportCsvButton filters={filters} />}
    >
      <AssociationFilterBar
        filters={filters}
        clusters={clusters}
        onChange={onFiltersChange}
      />
      {page.loading && page.value && <Progress />}
      {body}
      <PageControls
        firstRow={page.firstRow}
        pageSize={pageSize}
        shown={rows.length}
        totalCount={page.value?.totalCount}
        hasPrevious={page.hasPrevious}
        hasNext={page.hasNext}
        onPrevious={page.previous}
        onNext={page.next}
        onPageSize={setPageSize}
      />
    </InfoCard>
  );
}
