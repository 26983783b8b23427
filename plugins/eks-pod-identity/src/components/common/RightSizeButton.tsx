import { LinkButton } from '@backstage/core-components';
import { useRouteRef } from '@backstage/core-plugin-api';
import { useTranslationRef } from '@backstage/frontend-plugin-api';
import { EKS_POD_IDENTITY_RIGHT_SIZE_TEMPLATE } from '@pod-identity/plugin-eks-pod-identity-common';
import { templateRouteRef } from '../../routes';
import { eksPodIdentityTranslationRef } from '../../translation';

/** Opens the right-size template (PERMISSIONS_UNUSED's fix) with the role filled in. */
export function RightSizeButton(props: { roleArn: string }) {
  const { t } = useTranslationRef(eksPodIdentityTranslationRef);
  const templateRoute = useRouteRef(templateRouteRef);
  const templateUrl = templateRoute
    ? templateRoute(EKS_POD_IDENTITY_RIGHT_SIZE_TEMPLATE)
    : `/create/templates/${EKS_POD_IDENTITY_RIGHT_SIZE_TEMPLATE.namespace}/${EKS_POD_IDENTITY_RIGHT_SIZE_TEMPLATE.templateName}`;
  const formData = encodeURIComponent(
    JSON.stringify({ roleArn: props.roleArn }),
  );
  return (
    <LinkButton
      to={`${templateUrl}?formData=${formData}`}
      variant="outlined"
      color="primary"
      size="small"
      style={{ alignSelf: 'flex-start', marginTop: 4 }}
    >
      {t('accessUsage.rightSize')}
    </LinkButton>
  );
}
