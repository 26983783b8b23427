import Typography from '@material-ui/core/Typography';
import { Progress, ResponseErrorPanel } from '@backstage/core-components';
import type { RoleDetail } from '@pod-identity/plugin-eks-pod-identity-common';
import { useRoleDetail } from '../../hooks/useRoleDetail';
import { errorMessage, isNotAllowed } from '../../utils/errors';
import { PolicyDocumentViewer } from './PolicyDocumentViewer';

export function RolePolicyDocuments(props: { role: RoleDetail }) {
  const { role } = props;
  return (
    <div>
      <PolicyDocumentViewer title="Trust policy" document={role.trustPolicy} />
      {role.managedPolicies.map(p => (
        <PolicyDocumentViewer
          key={p.arn}
          title={`Managed policy ${p.name}`}
          subtitle={p.awsManaged ? 'AWS managed' : p.arn}
          document={p.document}
        />
      ))}
      {role.inlinePolicies.map(p => (
        <PolicyDocumentViewer
          key={p.name}
          title={`Inline policy ${p.name}`}
          document={p.document}
        />
      ))}
      {role.permissionsBoundaryArn && (
        <PolicyDocumentViewer
          title="Permissions boundary"
          subtitle={role.permissionsBoundaryArn}
          document={role.permissionsBoundary}
        />
      )}
    </div>
  );
}

/** Fetches the full role and shows its policy documents. */
export function RolePolicies(props: { roleArn: string }) {
  const { value, loading, error } = useRoleDetail(props.roleArn);
  if (loading) return <Progress />;
  if (error) {
    return isNotAllowed(error) ? (
      <Typography variant="body2" color="textSecondary">
        Reading policy documents needs the eks-pod-identity.inventory.read
        permission ({errorMessage(error)}).
      </Typography>
    ) : (
      <ResponseErrorPanel error={error} />
    );
  }
  return value ? <RolePolicyDocuments role={value} /> : null;
}
