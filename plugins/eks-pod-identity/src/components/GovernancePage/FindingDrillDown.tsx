import Box from '@material-ui/core/Box';
import Button from '@material-ui/core/Button';
import Typography from '@material-ui/core/Typography';
import { Progress, ResponseErrorPanel } from '@backstage/core-components';
import {
  FINDING_CATALOGUE,
  type FindingCode,
} from '@pod-identity/plugin-eks-pod-identity-common';
import { useFindings } from '../../hooks/useFindings';
import { FindingsList } from '../common/FindingsList';

/** Enough to act on without rendering thousands of rows for estate-wide codes. */
const SHOWN = 50;

export function FindingDrillDown(props: {
  code: FindingCode;
  onClose: () => void;
}) {
  const { code, onClose } = props;
  const { value, loading, error } = useFindings({ code, limit: SHOWN });
  return (
    <Box component="section" mt={2} aria-label={`Findings ${code}`}>
      <Box display="flex" alignItems="center" justifyContent="space-between">
        <Typography variant="h6" component="h3">
          {code}: {FINDING_CATALOGUE[code].title}
        </Typography>
        <Button size="small" onClick={onClose}>
          Clear
        </Button>
      </Box>
      {loading && <Progress />}
      {error && <ResponseErrorPanel error={error} />}
      {value && (
        <>
          <FindingsList findings={value.items} showSubject />
          {value.totalCount > value.items.length && (
            <Typography variant="body2" color="textSecondary">
              and {value.totalCount - value.items.length} more: the associations
              below are filtered to this code.
            </Typography>
          )}
        </>
      )}
    </Box>
  );
}
