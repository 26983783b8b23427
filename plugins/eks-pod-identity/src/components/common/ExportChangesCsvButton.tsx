import Button from '@material-ui/core/Button';
import Typography from '@material-ui/core/Typography';
import GetAppIcon from '@material-ui/icons/GetApp';
import { useApi } from '@backstage/core-plugin-api';
import { useTranslationRef } from '@backstage/frontend-plugin-api';
import useAsyncFn from 'react-use/esm/useAsyncFn';
import type { AccessChange } from '@pod-identity/plugin-eks-pod-identity-common';
import { eksPodIdentityApiRef } from '../../api';
import { eksPodIdentityTranslationRef } from '../../translation';
import { changesToCsv } from '../../utils/csv';
import { downloadCsv } from '../../utils/download';
import { errorMessage } from '../../utils/errors';

/** The API's largest page: fewest round trips for a full export. */
const EXPORT_PAGE_SIZE = 500;

/** Every recorded change (of one entity, or all), all pages, as one CSV file. */
export function ExportChangesCsvButton(props: { entityRef?: string }) {
  const api = useApi(eksPodIdentityApiRef);
  const { t } = useTranslationRef(eksPodIdentityTranslationRef);
  const [state, exportCsv] = useAsyncFn(async () => {
    const rows: AccessChange[] = [];
    let cursor: string | undefined;
    do {
      const page = await api.getChanges({
        entityRef: props.entityRef,
        limit: EXPORT_PAGE_SIZE,
        cursor,
      });
      rows.push(...page.items);
      cursor = page.nextCursor;
    } while (cursor);
    downloadCsv(changesToCsv(rows), 'eks-pod-identity-changes.csv');
    return rows.length;
  }, [api, props.entityRef]);

  let status = '';
  if (state.error) status = `Export failed: ${errorMessage(state.error)}`;
  else if (!state.loading && state.value !== undefined) {
    status = t('history.exported', { count: state.value });
  }
  return (
    <>
      <Button
        size="small"
        variant="outlined"
        startIcon={<GetAppIcon />}
        onClick={exportCsv}
        disabled={state.loading}
      >
        {state.loading ? t('history.exporting') : t('history.exportCsv')}
      </Button>
      <Typography
        variant="caption"
        color={state.error ? 'error' : 'textSecondary'}
        role="status"
        style={{ marginLeft: 8 }}
      >
        {status}
      </Typography>
    </>
  );
}
