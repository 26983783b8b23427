import Typography from '@material-ui/core/Typography';
import { LinkButton } from '@backstage/core-components';
import { useApi, useRouteRef } from '@backstage/core-plugin-api';
import { useTranslationRef } from '@backstage/frontend-plugin-api';
import {
  EKS_POD_IDENTITY_RIGHT_SIZE_TEMPLATE,
  isScaffolderManaged,
  type RoleDetail,
} from '@pod-identity/plugin-eks-pod-identity-common';
import useAsync from 'react-use/esm/useAsync';
import { eksPodIdentityApiRef } from '../../api';
import { templateRouteRef } from '../../routes';
import { eksPodIdentityTranslationRef } from '../../translation';

/**
 * The template's form data: the role, and (when the role can be read) the
 * cluster using it and the first inline policy PERMISSIONS_UNUSED proposes to
 * narrow, so the user reviews the proposal rather than writing it.
 */
function formDataOf(roleArn: string, role: RoleDetail | undefined) {
  const proposal = role?.rightSizing?.inlinePolicies.find(p => p.document);
  return {
    roleArn,
    ...(role?.usedBy[0] ? { cluster: role.usedBy[0].cluster } : {}),
    ...(proposal
      ? {
          policyName: proposal.policyName,
          policyDocument: JSON.stringify(proposal.document, null, 2),
        }
      : {}),
  };
}

/**
 * Whether the right-size template can apply the proposal: its action changes
 * only an inline policy of a role the scaffolder made, and needs the narrowed
 * document. A role that could not be read is not judged here: the action is.
 */
function templateCanRightSize(role: RoleDetail | undefined) {
  if (!role) return true;
  return (
    isScaffolderManaged(role.tags) &&
    !!role.rightSizing?.inlinePolicies.some(p => p.document)
  );
}

/**
 * Opens the right-size template (PERMISSIONS_UNUSED's fix) with the proposal
 * filled in, or says what to do instead where the template would refuse.
 */
export function RightSizeButton(props: { roleArn: string }) {
  const { t } = useTranslationRef(eksPodIdentityTranslationRef);
  const api = useApi(eksPodIdentityApiRef);
  const templateRoute = useRouteRef(templateRouteRef);
  // Without permission to read the role, the link still names it.
  const role = useAsync(
    () => api.getRole(props.roleArn).catch(() => undefined),
    [api, props.roleArn],
  );
  const templateUrl = templateRoute
    ? templateRoute(EKS_POD_IDENTITY_RIGHT_SIZE_TEMPLATE)
    : `/create/templates/${EKS_POD_IDENTITY_RIGHT_SIZE_TEMPLATE.namespace}/${EKS_POD_IDENTITY_RIGHT_SIZE_TEMPLATE.templateName}`;
  if (!role.loading && !templateCanRightSize(role.value)) {
    return (
      <Typography variant="body2" color="textSecondary">
        {t('accessUsage.rightSizeElsewhere')}
      </Typography>
    );
  }
  const formData = encodeURIComponent(
    JSON.stringify(formDataOf(props.roleArn, role.value)),
  );
  return (
    <LinkButton
      to={`${templateUrl}?formData=${formData}`}
      variant="outlined"
      color="primary"
      size="small"
      disabled={role.loading}
      style={{ alignSelf: 'flex-start', marginTop: 4 }}
    >
      {t('accessUsage.rightSize')}
    </LinkButton>
  );
}
