import {
  coreServices,
  createBackendModule,
} from '@backstage/backend-plugin-api';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import { policyExtensionPoint } from '@backstage/plugin-permission-node/alpha';
import { EksPodIdentityPermissionPolicy } from './permissionPolicy';

/**
 * The demo portal's policy: open on the embedded default (sandbox on, guest
 * sign-in, nothing real behind it), {@link EksPodIdentityPermissionPolicy}
 * whenever the sandbox is off.
 */
export const demoPermissionPolicyModule = createBackendModule({
  pluginId: 'permission',
  moduleId: 'demo-policy',
  register(reg) {
    reg.registerInit({
      deps: { config: coreServices.rootConfig, policy: policyExtensionPoint },
      async init({ config, policy }) {
        policy.setPolicy(
          config.getOptionalBoolean('eksPodIdentity.sandbox.enabled')
            ? { handle: async () => ({ result: AuthorizeResult.ALLOW }) }
            : EksPodIdentityPermissionPolicy.fromConfig(config),
        );
      },
    });
  },
});
