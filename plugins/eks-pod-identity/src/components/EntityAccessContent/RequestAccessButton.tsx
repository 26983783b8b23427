import { LinkButton } from '@backstage/core-components';
import { useRouteRef } from '@backstage/core-plugin-api';
import { templateRouteRef } from '../../routes';
import {
  GRANT_ACCESS_TEMPLATE,
  withGrantAccessFormData,
  type GrantAccessPrefill,
} from '../../utils/grantAccessLink';
import { useTranslationRef } from '@backstage/frontend-plugin-api';
import { eksPodIdentityTranslationRef } from '../../translation';

/** Opens the grant-access software template with this component (and service account) filled in. */
export function RequestAccessButton(
  props: GrantAccessPrefill & { label?: string },
) {
  const { t } = useTranslationRef(eksPodIdentityTranslationRef);
  const { label = t('entityTab.requestAccess'), ...prefill } = props;
  const templateRoute = useRouteRef(templateRouteRef);
  const templateUrl = templateRoute
    ? templateRoute(GRANT_ACCESS_TEMPLATE)
    : `/create/templates/${GRANT_ACCESS_TEMPLATE.namespace}/${GRANT_ACCESS_TEMPLATE.templateName}`;
  return (
    <LinkButton
      to={withGrantAccessFormData(templateUrl, prefill)}
      variant="outlined"
      color="primary"
      size="small"
    >
      {label}
    </LinkButton>
  );
}
