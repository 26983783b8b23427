import Box from '@material-ui/core/Box';
import Drawer from '@material-ui/core/Drawer';
import IconButton from '@material-ui/core/IconButton';
import List from '@material-ui/core/List';
import ListItem from '@material-ui/core/ListItem';
import Typography from '@material-ui/core/Typography';
import CloseIcon from '@material-ui/icons/Close';
import { Progress, ResponseErrorPanel } from '@backstage/core-components';
import {
  roleNameOfArn,
  type RoleDetail,
} from '@pod-identity/plugin-eks-pod-identity-common';
import { useRoleDetail } from '../../hooks/useRoleDetail';
import { formatDateTime } from '../../utils/formatDate';
import { RoleArnLink } from '../common/RoleArnLink';
import { AccessSummaryTable } from '../common/AccessSummaryTable';
import { DetailList } from '../common/DetailList';
import { FindingsList } from '../common/FindingsList';
import { RolePolicyDocuments } from '../common/RolePolicies';

function Heading(props: { children: string }) {
  return (
    <Typography variant="h6" component="h3" style={{ marginTop: 16 }}>
      {props.children}
    </Typography>
  );
}

function RoleDetailView(props: { role: RoleDetail }) {
  const { role } = props;
  return (
    <>
      <DetailList
        items={[
          ['ARN', <RoleArnLink key="arn" arn={role.arn} />],
          ['Description', role.description ?? '—'],
          ['Created', formatDateTime(role.createDate)],
          [
            'Last used',
            role.lastUsed
              ? `${formatDateTime(role.lastUsed)} ${role.lastUsedRegion ?? ''}`
              : 'never',
          ],
          ['Max session', `${Math.round(role.maxSessionDuration / 60)} min`],
          ['Permissions boundary', role.permissionsBoundaryArn ?? 'none'],
        ]}
      />
      <Heading>Used by</Heading>
      {role.usedBy.length === 0 ? (
        <Typography variant="body2" color="textSecondary">
          No Pod Identity association uses this role.
        </Typography>
      ) : (
        <List dense aria-label="Used by">
          {role.usedBy.map(u => (
            <ListItem key={u.associationId} disableGutters>
              {u.cluster}: {u.namespace}/{u.serviceAccount} ({u.associationId})
            </ListItem>
          ))}
        </List>
      )}
      <Heading>Findings</Heading>
      <FindingsList findings={role.findings} />
      {role.access && (
        <>
          <Heading>Effective access</Heading>
          <AccessSummaryTable summary={role.access} />
        </>
      )}
      <Heading>Policies</Heading>
      <RolePolicyDocuments role={role} />
    </>
  );
}

function RoleDrawerBody(props: { roleArn: string }) {
  const { value, loading, error } = useRoleDetail(props.roleArn);
  if (loading) return <Progress />;
  if (error) return <ResponseErrorPanel error={error} />;
  return value ? <RoleDetailView role={value} /> : null;
}

/** Side panel with one role: who uses it, its findings and every policy document. */
export function RoleDrawer(props: { roleArn?: string; onClose: () => void }) {
  const { roleArn, onClose } = props;
  return (
    <Drawer anchor="right" open={Boolean(roleArn)} onClose={onClose}>
      <Box
        p={3}
        width="min(760px, 100vw)"
        role="dialog"
        aria-label="Role details"
      >
        <Box display="flex" alignItems="center" justifyContent="space-between">
          <Typography
            variant="h5"
            component="h2"
            style={{ overflowWrap: 'anywhere' }}
          >
            {roleArn ? roleNameOfArn(roleArn) : ''}
          </Typography>
          <IconButton aria-label="Close role details" onClick={onClose}>
            <CloseIcon />
          </IconButton>
        </Box>
        {roleArn && <RoleDrawerBody roleArn={roleArn} />}
      </Box>
    </Drawer>
  );
}
