import Table from '@material-ui/core/Table';
import TableBody from '@material-ui/core/TableBody';
import TableCell from '@material-ui/core/TableCell';
import TableHead from '@material-ui/core/TableHead';
import TableRow from '@material-ui/core/TableRow';
import Tooltip from '@material-ui/core/Tooltip';
import Typography from '@material-ui/core/Typography';
import { WarningPanel } from '@backstage/core-components';
import { useTranslationRef } from '@backstage/frontend-plugin-api';
import type {
  AccessSummary,
  ServiceUsage,
} from '@pod-identity/plugin-eks-pod-identity-common';
import { eksPodIdentityTranslationRef } from '../../translation';
import { ACCESS_LEVELS } from '../../utils/access';

function UsageCell(props: { usage?: ServiceUsage }) {
  const { t } = useTranslationRef(eksPodIdentityTranslationRef);
  const { usage } = props;
  if (!usage) return <TableCell>·</TableCell>;
  const parts = [
    usage.used
      ? t('accessUsage.used')
      : t('accessUsage.unused', { days: String(usage.windowDays) }),
    ...(usage.lastAccessed
      ? [
          t('accessUsage.lastAccessed', {
            date: usage.lastAccessed.slice(0, 10),
          }),
        ]
      : []),
    ...(usage.trackedActions
      ? [
          t('accessUsage.trackedActions', {
            used: String(usage.trackedActions.used),
            granted: String(usage.trackedActions.granted),
          }),
        ]
      : []),
  ];
  return (
    <TableCell style={usage.used ? undefined : { color: '#b26a00' }}>
      {parts.join(' · ')}
    </TableCell>
  );
}

/** Effective access as service × access level, counting allowed actions. */
export function AccessSummaryTable(props: { summary: AccessSummary }) {
  const { t } = useTranslationRef(eksPodIdentityTranslationRef);
  const { summary } = props;
  const services = [...summary.services].sort((a, b) =>
    a.service.localeCompare(b.service),
  );
  // "Used / granted" only once IAM's last-accessed data was read for the role.
  const withUsage = services.filter(s => s.usage);
  const showUsage = withUsage.length > 0;
  return (
    <>
      {showUsage && (
        <Typography variant="body2" color="textSecondary" gutterBottom>
          {t('accessUsage.summary', {
            used: String(withUsage.filter(s => s.usage!.used).length),
            granted: String(withUsage.length),
            days: String(withUsage[0].usage!.windowDays),
          })}
        </Typography>
      )}
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
                {showUsage && <TableCell>{t('accessUsage.column')}</TableCell>}
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
                  {showUsage && <UsageCell usage={s.usage} />}
                </TableRow>
              ))}
            </TableBody>
          </Table>
        </div>
      )}
    </>
  );
}
