import Box from '@material-ui/core/Box';
import Table from '@material-ui/core/Table';
import TableBody from '@material-ui/core/TableBody';
import TableCell from '@material-ui/core/TableCell';
import TableHead from '@material-ui/core/TableHead';
import TableRow from '@material-ui/core/TableRow';
import {
  InfoCard,
  Progress,
  ResponseErrorPanel,
} from '@backstage/core-components';
import { EntityRefLink } from '@backstage/plugin-catalog-react';
import { SEVERITY_ORDER } from '@pod-identity/plugin-eks-pod-identity-common';
import { useOwnersReport } from '../../hooks/useOwnersReport';
import { SeverityChip } from '../common/SeverityChip';
import { useTranslationRef } from '@backstage/frontend-plugin-api';
import { eksPodIdentityTranslationRef } from '../../translation';

/** Per owner group; hidden entirely when the backend serves no such report. */
export function OwnersReportCard() {
  const { value, loading, error } = useOwnersReport();
  const { t } = useTranslationRef(eksPodIdentityTranslationRef);
  if (!loading && !error && !value) return null;

  let body;
  if (loading) body = <Progress />;
  else if (error) body = <ResponseErrorPanel error={error} />;
  else {
    body = (
      <div style={{ overflowX: 'auto' }}>
        <Table size="small" aria-label="Ownership report">
          <TableHead>
            <TableRow>
              <TableCell>Owner</TableCell>
              <TableCell align="right">Associations</TableCell>
              <TableCell align="right">Roles</TableCell>
              <TableCell>Findings</TableCell>
              <TableCell align="right">Migrated from IRSA</TableCell>
            </TableRow>
          </TableHead>
          <TableBody>
            {value!.items.map(r => (
              <TableRow key={r.owner ?? '(none)'}>
                <TableCell>
                  {r.owner ? (
                    <EntityRefLink entityRef={r.owner} defaultKind="group" />
                  ) : (
                    'No owner'
                  )}
                </TableCell>
                <TableCell align="right">{r.associationCount}</TableCell>
                <TableCell align="right">{r.roleCount}</TableCell>
                <TableCell>
                  <Box display="flex" style={{ gap: 4 }} flexWrap="wrap">
                    {SEVERITY_ORDER.filter(s => r.findings[s] > 0).map(s => (
                      <SeverityChip
                        key={s}
                        severity={s}
                        count={r.findings[s]}
                      />
                    ))}
                  </Box>
                </TableCell>
                <TableCell align="right">
                  {r.irsa.migrationPercent} % ({r.irsa.podIdentity} of{' '}
                  {r.irsa.podIdentity + r.irsa.irsaOnly})
                </TableCell>
              </TableRow>
            ))}
          </TableBody>
        </Table>
      </div>
    );
  }
  return (
    <InfoCard
      title={t('governancePage.ownershipTitle')}
      subheader="Associations, roles, findings and IRSA migration per owner group"
    >
      {body}
    </InfoCard>
  );
}
