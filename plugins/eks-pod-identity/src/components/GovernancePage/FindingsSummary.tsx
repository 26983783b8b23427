import Box from '@material-ui/core/Box';
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
import {
  FINDING_CATALOGUE,
  FINDING_CODES,
  SEVERITY_ORDER,
  type FindingCode,
} from '@pod-identity/plugin-eks-pod-identity-common';
import { useFindings } from '../../hooks/useFindings';
import { SeverityChip } from '../common/SeverityChip';
import { FindingDrillDown } from './FindingDrillDown';

/** Counts by severity and by code; choosing a code lists its findings and filters the associations. */
export function FindingsSummary(props: {
  selectedCode?: FindingCode;
  onSelectCode: (code: FindingCode | undefined) => void;
}) {
  const { selectedCode, onSelectCode } = props;
  // Only the summary is shown, and it counts every finding whatever the page size.
  const { value, loading, error } = useFindings({ limit: 1 });

  let body;
  if (loading) body = <Progress />;
  else if (error) body = <ResponseErrorPanel error={error} />;
  else if (!value || value.totalCount === 0) {
    body = (
      <Typography color="textSecondary">
        No findings across the scanned clusters.
      </Typography>
    );
  } else {
    const { bySeverity, byCode } = value.summary;
    // Catalogue order is severity order, so the table reads worst first.
    const codes = FINDING_CODES.filter(code => (byCode[code] ?? 0) > 0);
    body = (
      <>
        <Box
          display="flex"
          style={{ gap: 8 }}
          flexWrap="wrap"
          mb={2}
          aria-label="Findings by severity"
        >
          {SEVERITY_ORDER.map(s => (
            <SeverityChip key={s} severity={s} count={bySeverity[s] ?? 0} />
          ))}
        </Box>
        <div style={{ overflowX: 'auto' }}>
          <Table size="small" aria-label="Findings by code">
            <TableHead>
              <TableRow>
                <TableCell>Severity</TableCell>
                <TableCell>Code</TableCell>
                <TableCell>Finding</TableCell>
                <TableCell align="right">Count</TableCell>
              </TableRow>
            </TableHead>
            <TableBody>
              {codes.map(code => (
                <TableRow key={code} selected={code === selectedCode}>
                  <TableCell>
                    <SeverityChip severity={FINDING_CATALOGUE[code].severity} />
                  </TableCell>
                  <TableCell>
                    <Button
                      size="small"
                      aria-pressed={code === selectedCode}
                      onClick={() =>
                        onSelectCode(code === selectedCode ? undefined : code)
                      }
                      style={{ textTransform: 'none', fontFamily: 'monospace' }}
                    >
                      {code}
                    </Button>
                  </TableCell>
                  <TableCell>{FINDING_CATALOGUE[code].title}</TableCell>
                  <TableCell align="right">{byCode[code]}</TableCell>
                </TableRow>
              ))}
            </TableBody>
          </Table>
        </div>
      </>
    );
  }

  return (
    <InfoCard
      title="Findings"
      subheader="Choose a code to see its findings and the associations it concerns"
    >
      {body}
      {selectedCode && (
        <FindingDrillDown
          code={selectedCode}
          onClose={() => onSelectCode(undefined)}
        />
      )}
    </InfoCard>
  );
}
