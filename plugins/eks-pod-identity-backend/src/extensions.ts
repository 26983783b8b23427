import { createExtensionPoint } from '@backstage/backend-plugin-api';
import type { InventoryScanner } from '@pod-identity/plugin-eks-pod-identity-node';
import type { SnapshotAnalyzer } from './analysis/SnapshotAnalyzer';

/** Lets backend modules replace how the inventory is read and analysed. */
export interface EksPodIdentityInventoryExtensionPoint {
  /** Replaces the scanner built from `eksPodIdentity` config. */
  setScanner(scanner: InventoryScanner): void;
  /** Installs the analysis that derives findings and access summaries. */
  setAnalyzer(analyzer: SnapshotAnalyzer): void;
}

export const eksPodIdentityInventoryExtensionPoint =
  createExtensionPoint<EksPodIdentityInventoryExtensionPoint>({
    id: 'eks-pod-identity.inventory',
  });
