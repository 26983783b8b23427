import Button from '@material-ui/core/Button';
import Typography from '@material-ui/core/Typography';
import GetAppIcon from '@material-ui/icons/GetApp';
import { useApi } from '@backstage/core-plugin-api';
import useAsyncFn from 'react-use/esm/useAsyncFn';
import type { Association } from '@pod-identity/plugin-eks-pod-identity-common';
import { eksPodIdentityApiRef } from '../../api';
import type { AssociationFilters } from '../../hooks/useAssociationsPage';
import { associationsToCsv } from '../../utils/csv';
import { downloadCsv } from '../../utils/download';
import { errorMessage } from '../../utils/errors';
import { useTranslationRef } from '@backstage/frontend-plugin-api';
import { eksPodIdentityTranslationRef } from '../../translation';

/** The API's largest page: fewest round trips for a full export. */
const EXPORT_PAGE_SIZE = 500;

function statusText(state: {
  loading: boolean;
  error?: Error;
  value?: number;
}): string {
  if (state.error) return `Export failed: ${errorMessage(state.error)}`;
  if (state.loading || state.value === undefined) return '';
  return `${state.value} rows exported`;
}

/** Every row of the current filter, all pages, as one CSV file. */
export function ExportCsvButton(props: { filters: AssociationFilters }) {
  const api = useApi(eksPodIdentityApiRef);
  const { t } = useTranslationRef(eksPodIdentityTranslationRef);
  const [state, exportCsv] = useAsyncFn(async () => {
    const rows: Association[] = [];
    let cursor: string | undefined;
    do {
      const page = await api.getAssociations({
        ...props.filters,
        limit: EXPORT_PAGE_SIZE,
        cursor,
      });
      rows.push(...page.items);
      cursor = page.nextCursor;
    } while (cursor);
    downloadCsv(associationsToCsv(rows), 'eks-pod-identity-associations.csv');
    return rows.length;
  }, [api, props.filters]);

  return (
    <>
      <Button
        size="small"
        variant="outlined"
        startIcon={<GetAppIcon />}
        onClick={exportCsv}
        disabled={state.loading}
      >
        {state.loading
          ? t('governancePage.exporting')
          : t('governancePage.exportCsv')}
      </Button>
      <Typography
        variant="caption"
        color={state.error ? 'error' : 'textSecondary'}
        role="status"
        style={{ marginLeft: 8 }}
      >
        {statusText(state)}
      </Typography>
    </>
  );
}
