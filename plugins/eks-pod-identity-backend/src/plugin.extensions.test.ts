import { createBackendModule } from '@backstage/backend-plugin-api';
import {
  eksPodIdentityInventoryExtensionPoint,
  type InventoryScanner,
} from '@pod-identity/plugin-eks-pod-identity-node';
import { noAnalysis } from './analysis/emptyAnalysis';
import { startPluginBackend } from './__testUtils__/testBackend';

const unusedScanner = {} as InventoryScanner;

/** A module that installs an analyzer and, when asked, a scanner. */
const installing = (moduleId: string, options: { scanner?: boolean }) =>
  createBackendModule({
    pluginId: 'eks-pod-identity',
    moduleId,
    register(env) {
      env.registerInit({
        deps: { inventory: eksPodIdentityInventoryExtensionPoint },
        async init({ inventory }) {
          if (options.scanner) inventory.setScanner(unusedScanner);
          else inventory.setAnalyzer(noAnalysis);
        },
      });
    },
  });

describe('eksPodIdentityInventoryExtensionPoint', () => {
  it('refuses a second analyzer instead of letting the last module win', async () => {
    // The test backend's own module installs an analyzer already.
    await expect(
      startPluginBackend({ features: [installing('second-analysis', {})] }),
    ).rejects.toThrow(
      'Attempted to install a second InventoryAnalyzer. Only one can be set.',
    );
  });

  it('refuses a second scanner', async () => {
    await expect(
      startPluginBackend({
        scanner: unusedScanner,
        features: [installing('second-scanner', { scanner: true })],
      }),
    ).rejects.toThrow(
      'Attempted to install a second InventoryScanner. Only one can be set.',
    );
  });
});
