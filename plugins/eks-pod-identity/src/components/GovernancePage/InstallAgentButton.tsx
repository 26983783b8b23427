import { LinkButton } from '@backstage/core-components';
import { useRouteRef } from '@backstage/core-plugin-api';
import { templateRouteRef } from '../../routes';

/** The software template that installs the Pod Identity agent add-on. */
export const INSTALL_AGENT_TEMPLATE = {
  namespace: 'default',
  templateName: 'eks-pod-identity-install-agent',
};

/** Opens the install-agent template with the cluster filled in. */
export function InstallAgentButton(props: { cluster: string }) {
  const templateRoute = useRouteRef(templateRouteRef);
  const templateUrl = templateRoute
    ? templateRoute(INSTALL_AGENT_TEMPLATE)
    : `/create/templates/${INSTALL_AGENT_TEMPLATE.namespace}/${INSTALL_AGENT_TEMPLATE.templateName}`;
  const formData = encodeURIComponent(
    JSON.stringify({ cluster: props.cluster }),
  );
  return (
    <LinkButton
      to={`${templateUrl}?formData=${formData}`}
      variant="outlined"
      color="primary"
      size="small"
    >
      Install the agent
    </LinkButton>
  );
}
