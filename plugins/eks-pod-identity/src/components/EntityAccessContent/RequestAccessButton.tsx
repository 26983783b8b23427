import { LinkButton } from '@backstage/core-components';
import { useRouteRef } from '@backstage/core-plugin-api';
import { templateRouteRef } from '../../routes';
import {
  DEFAULT_REQUEST_ACCESS_TEMPLATE,
  templateRouteParams,
  withGrantAccessFormData,
  type GrantAccessPrefill,
} from '../../utils/grantAccessLink';
import { useTranslationRef } from '@backstage/frontend-plugin-api';
import { eksPodIdentityTranslationRef } from '../../translation';

/** Opens the grant-access software template with this component (and service account) filled in. */
export function RequestAccessButton(
  props: GrantAccessPrefill & {
    label?: string;
    /** Entity ref of the template to open. */
    template?: string;
  },
) {
  const { t } = useTranslationRef(eksPodIdentityTranslationRef);
  const {
    label = t('entityTab.requestAccess'),
    template = DEFAULT_REQUEST_ACCESS_TEMPLATE,
    ...prefill
  } = props;
  const templateRoute = useRouteRef(templateRouteRef);
  const params = templateRouteParams(template);
  const templateUrl = templateRoute
    ? templateRoute(params)
    : `/create/templates/${params.namespace}/${params.templateName}`;
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
