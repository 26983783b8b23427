import Button from '@material-ui/core/Button';
import Table from '@material-ui/core/Table';
import TableBody from '@material-ui/core/TableBody';
import TableCell from '@material-ui/core/TableCell';
import TableHead from '@material-ui/core/TableHead';
import TableRow from '@material-ui/core/TableRow';
import Typography from '@material-ui/core/Typography';
import {
  InfoCard,
  Progress,
  ResponseErrorPanel,
} from '@backstage/core-components';
import { useTranslationRef } from '@backstage/frontend-plugin-api';
import { EntityRefLink } from '@backstage/plugin-catalog-react';
import type { AccessChange } from '@pod-identity/plugin-eks-pod-identity-common';
import { useAccessChanges } from '../../hooks/useAccessChanges';
import { eksPodIdentityTranslationRef } from '../../translation';
import { formatDateTime } from '../../utils/formatDate';
import { ExportChangesCsvButton } from './ExportChangesCsvButton';

function MadeBy(props: { change: AccessChange }) {
  const { actor, madeBy } = props.change;
  return actor ? (
    <EntityRefLink entityRef={actor} defaultKind="user" />
  ) : (
    <Typography variant="body2" color="textSecondary" component="span">
      {madeBy}
    </Typography>
  );
}

/**
 * The access history: of one entity (its "History" section) or of every
 * workload (the governance page's "Recent changes"), newest first.
 */
export function AccessChangesCard(props: { entityRef?: string }) {
  const { t } = useTranslationRef(eksPodIdentityTranslationRef);
  const { items, loading, error, hasMore, loadMore } = useAccessChanges({
    entityRef: props.entityRef,
  });
  const title = props.entityRef
    ? t('history.entityTitle')
    : t('history.governanceTitle');

  let body;
  if (error) body = <ResponseErrorPanel error={error} />;
  else if (loading && items.length === 0) body = <Progress />;
  else if (items.length === 0) {
    body = (
      <Typography variant="body2" color="textSecondary">
        {t('history.empty')}
      </Typography>
    );
  } else {
    body = (
      <div style={{ overflowX: 'auto' }}>
        <Table size="small" aria-label={title}>
          <TableHead>
            <TableRow>
              <TableCell>{t('history.when')}</TableCell>
              <TableCell>{t('history.who')}</TableCell>
              <TableCell>{t('history.what')}</TableCell>
            </TableRow>
          </TableHead>
          <TableBody>
            {items.map(change => (
              <TableRow key={change.id}>
                <TableCell style={{ whiteSpace: 'nowrap' }}>
                  {formatDateTime(change.at)}
                </TableCell>
                <TableCell>
                  <MadeBy change={change} />
                </TableCell>
                <TableCell>{change.summary}</TableCell>
              </TableRow>
            ))}
          </TableBody>
        </Table>
        {hasMore && (
          <Button size="small" onClick={loadMore} disabled={loading}>
            {t('history.loadMore')}
          </Button>
        )}
      </div>
    );
  }
  return (
    <InfoCard
      title={title}
      action={<ExportChangesCsvButton entityRef={props.entityRef} />}
    >
      {body}
    </InfoCard>
  );
}
