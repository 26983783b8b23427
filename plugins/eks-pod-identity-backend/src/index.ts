/**
 * Backend plugin of the EKS Pod Identity suite: scheduled inventory scans
 * stored in the plugin database and served by the v1 REST API.
 *
 * @packageDocumentation
 */

export { eksPodIdentityPlugin as default } from './plugin';
export {
  eksPodIdentityInventoryExtensionPoint,
  type EksPodIdentityInventoryExtensionPoint,
} from './extensions';
export type {
  SnapshotAnalysis,
  SnapshotAnalyzer,
} from './analysis/SnapshotAnalyzer';
export type * from './snapshot/types';
