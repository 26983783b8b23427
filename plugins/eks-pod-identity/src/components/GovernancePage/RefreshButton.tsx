import Box from '@material-ui/core/Box';
import Button from '@material-ui/core/Button';
import Typography from '@material-ui/core/Typography';
import RefreshIcon from '@material-ui/icons/Refresh';
import { useRefresh } from '../../hooks/useRefresh';
import { errorMessage } from '../../utils/errors';
import { useTranslationRef } from '@backstage/frontend-plugin-api';
import { eksPodIdentityTranslationRef } from '../../translation';

function statusText(state: ReturnType<typeof useRefresh>['state']): string {
  if (state.loading) return 'Starting…';
  if (state.error) return `Rescan failed: ${errorMessage(state.error)}`;
  if (state.value)
    return `Rescan started at ${state.value.toLocaleTimeString()}`;
  return '';
}

/** Starts a rescan; rendered only for holders of `eks-pod-identity.refresh`. */
export function RefreshButton(props: {
  cluster?: string;
  onStarted?: () => void;
}) {
  const { cluster, onStarted } = props;
  const { allowed, state, refresh } = useRefresh(onStarted);
  const { t } = useTranslationRef(eksPodIdentityTranslationRef);
  if (!allowed) return null;
  return (
    <Box
      display="inline-flex"
      alignItems="center"
      style={{ gap: 8 }}
      flexWrap="wrap"
    >
      <Button
        size="small"
        variant="outlined"
        startIcon={<RefreshIcon />}
        disabled={state.loading}
        aria-label={cluster ? `Rescan ${cluster}` : 'Rescan all clusters'}
        onClick={() => refresh(cluster)}
      >
        {cluster
          ? t('governancePage.rescanCluster')
          : t('governancePage.rescanAll')}
      </Button>
      <Typography
        variant="caption"
        color={state.error ? 'error' : 'textSecondary'}
        role="status"
      >
        {statusText(state)}
      </Typography>
    </Box>
  );
}
