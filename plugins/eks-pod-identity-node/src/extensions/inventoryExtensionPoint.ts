import { createExtensionPoint } from '@backstage/backend-plugin-api';
import type { InventoryAnalyzer } from '../analysis/types';
import type { InventoryScanner } from '../inventory/types';

/**
 * Lets backend modules replace how the EKS Pod Identity backend reads and
 * analyses the inventory. Each may be set once: a second module setting the
 * same one is an installation mistake, so it throws rather than letting the
 * last module loaded win.
 */
export interface EksPodIdentityInventoryExtensionPoint {
  /** Replaces the scanner built from `eksPodIdentity` config. */
  setScanner(scanner: InventoryScanner): void;
  /** Replaces the analysis that derives findings and access summaries. */
  setAnalyzer(analyzer: InventoryAnalyzer): void;
}

export const eksPodIdentityInventoryExtensionPoint =
  createExtensionPoint<EksPodIdentityInventoryExtensionPoint>({
    id: 'eks-pod-identity.inventory',
  });
