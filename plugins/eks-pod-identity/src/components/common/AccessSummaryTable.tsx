import Table from '@material-ui/core/Table';
import TableBody from '@material-ui/core/TableBody';
import TableCell from '@material-ui/core/TableCell';
import TableHead from '@material-ui/core/TableHead';
import TableRow from '@material-ui/core/TableRow';
import Tooltip from '@material-ui/core/Tooltip';
import Typography from '@material-ui/core/Typography';
import { WarningPanel } from '@backstage/core-components';
import type { AccessSummary } from '@pod-identity/plugin-eks-pod-identity-common';
import { ACCESS_LEVELS } from '../../utils/access';

/** Effective access as service × access level, counting allowed actions. */
export function AccessSummaryTable(props: { summary: AccessSummary }) {
  const { summary } = props;
  const services = [...summary.services].sort((a, b) =>
    a.service.localeCompare(b.service),
  );
  return (
    <>
      {summary.admin && (
        <WarningPanel
          severity="error"
          title="Full administrator access"
          message="Every action on every resource survives the boundary and the session policy."
        />
      )}
      {services.length === 0 ? (
        <Typography variant="body2" color="textSecondary">
          No AWS actions are effectively allowed.
        </Typography>
      ) : (
        <div style={{ overflowX: 'auto' }}>
          <Table size="small" aria-label="Effective access by service">
            <TableHead>
              <TableRow>
                <TableCell component="th">Service</TableCell>
                {ACCESS_LEVELS.map(level => (
                  <TableCell key={level} align="right">
                    {level}
                  </TableCell>
                ))}
                <TableCell>Resources</TableCell>
              </TableRow>
            </TableHead>
            <TableBody>
              {services.map(s => (
                <TableRow key={s.service}>
                  <TableCell component="th" scope="row">
                    <code>{s.service}</code>
                    {s.wildcardResource && (
                      <Tooltip title="Some allowed action applies to every resource (Resource: *)">
                        <span
                          role="img"
                          aria-label="applies to every resource"
                          style={{
                            marginLeft: 4,
                            color: '#c62828',
                            fontWeight: 700,
                          }}
                        >
                          *
                        </span>
                      </Tooltip>
                    )}
                  </TableCell>
                  {ACCESS_LEVELS.map(level => (
                    <TableCell key={level} align="right">
                      {s.levels[level] || '·'}
                    </TableCell>
                  ))}
                  <TableCell
                    style={{ overflowWrap: 'anywhere', maxWidth: 360 }}
                  >
                    {s.resources.slice(0, 3).join(', ')}
                    {s.resources.length > 3 &&
                      ` and ${s.resources.length - 3} more`}
                  </TableCell>
                </TableRow>
              ))}
            </TableBody>
          </Table>
        </div>
      )}
    </>
  );
}
