import Typography from '@material-ui/core/Typography';
import type { RoleSummary } from '@pod-identity/plugin-eks-pod-identity-common';
import { formatDateTime } from '../../utils/formatDate';
import { RoleArnLink } from '../common/RoleArnLink';
import { DetailList } from '../common/DetailList';

const STATE_TEXT = {
  found: undefined,
  notFound: 'This role does not exist in IAM.',
  notReadable:
    'Backstage has no credentials for this account, so nothing is known about the role.',
};

function lastUsedText(role: RoleSummary): string {
  if (role.state !== 'found') return '—';
  return role.lastUsed ? formatDateTime(role.lastUsed) : 'never';
}

/** Role ARN with its console link, boundary and last use. */
export function RoleSummaryDetails(props: {
  role: RoleSummary;
  label?: string;
}) {
  const { role, label = 'Role' } = props;
  const stateText = STATE_TEXT[role.state];
  return (
    <>
      <DetailList
        items={[
          [label, <RoleArnLink key="arn" arn={role.arn} />],
          ['Permissions boundary', role.permissionsBoundaryArn ?? 'none'],
          ['Last used', lastUsedText(role)],
          [
            'Managed policies',
            role.managedPolicyArns?.length
              ? role.managedPolicyArns.join(', ')
              : 'none',
          ],
          [
            'Inline policies',
            role.inlinePolicyNames?.length
              ? role.inlinePolicyNames.join(', ')
              : 'none',
          ],
        ]}
      />
      {stateText && (
        <Typography variant="body2" color="error">
          {stateText}
        </Typography>
      )}
    </>
  );
}
