import Button from '@material-ui/core/Button';
import Table from '@material-ui/core/Table';
import TableBody from '@material-ui/core/TableBody';
import TableCell from '@material-ui/core/TableCell';
import TableHead from '@material-ui/core/TableHead';
import TableRow from '@material-ui/core/TableRow';
import Tooltip from '@material-ui/core/Tooltip';
import { EntityRefLinks } from '@backstage/plugin-catalog-react';
import {
  roleNameOfArn,
  type Association,
} from '@pod-identity/plugin-eks-pod-identity-common';
import { sortFindings } from '../../utils/findings';
import { formatDateTime } from '../../utils/formatDate';
import { SeverityChip } from '../common/SeverityChip';

function WorstFinding(props: { association: Association }) {
  const findings = sortFindings(props.association.findings);
  if (findings.length === 0) return <>none</>;
  return (
    <Tooltip title={[...new Set(findings.map(f => f.code))].join(', ')}>
      <span>
        <SeverityChip severity={findings[0].severity} />
        {findings.length > 1 && ` +${findings.length - 1}`}
      </span>
    </Tooltip>
  );
}

export function AssociationsTable(props: {
  associations: Association[];
  onRoleSelected: (roleArn: string) => void;
}) {
  return (
    <div style={{ overflowX: 'auto' }}>
      <Table size="small" aria-label="Pod Identity associations">
        <TableHead>
          <TableRow>
            <TableCell>Cluster</TableCell>
            <TableCell>Service account</TableCell>
            <TableCell>Role</TableCell>
            <TableCell>Owner</TableCell>
            <TableCell>Used by</TableCell>
            <TableCell>Findings</TableCell>
            <TableCell>Modified</TableCell>
          </TableRow>
        </TableHead>
        <TableBody>
          {props.associations.map(a => (
            <TableRow key={`${a.cluster}/${a.id}`} hover>
              <TableCell>{a.cluster}</TableCell>
              <TableCell style={{ overflowWrap: 'anywhere' }}>
                {a.namespace}/{a.serviceAccount}
              </TableCell>
              <TableCell>
                <Tooltip title={a.roleArn}>
                  <Button
                    size="small"
                    color="primary"
                    style={{ textTransform: 'none' }}
                    aria-label={`Role ${roleNameOfArn(
                      a.roleArn,
                    )}: show details`}
                    onClick={() => props.onRoleSelected(a.roleArn)}
                  >
                    {roleNameOfArn(a.roleArn)}
                  </Button>
                </Tooltip>
                {a.targetRoleArn && ` → ${roleNameOfArn(a.targetRoleArn)}`}
              </TableCell>
              <TableCell>
                {a.owner ? (
                  <EntityRefLinks entityRefs={[a.owner]} defaultKind="group" />
                ) : (
                  'unowned'
                )}
              </TableCell>
              <TableCell>
                {a.mappedEntityRefs.length ? (
                  <EntityRefLinks
                    entityRefs={a.mappedEntityRefs}
                    defaultKind="component"
                  />
                ) : (
                  'no entity'
                )}
              </TableCell>
              <TableCell>
                <WorstFinding association={a} />
              </TableCell>
              <TableCell>{formatDateTime(a.modifiedAt)}</TableCell>
            </TableRow>
          ))}
        </TableBody>
      </Table>
    </div>
  );
}
