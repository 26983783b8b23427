/**
 * Frontend of the EKS Pod Identity plugins for apps on the legacy frontend
 * system: the "AWS access" entity tab and overview card, the governance page
 * and the `EksClusterPicker` template field. The plugin for the new frontend
 * system is the default export of `@pod-identity/plugin-eks-pod-identity/alpha`.
 *
 * @packageDocumentation
 */

export {
  eksPodIdentityPlugin,
  EksPodIdentityPage,
  EntityEksPodIdentityContent,
  EntityEksPodIdentityCard,
  EksClusterPickerFieldExtension,
} from './legacy';
export { eksPodIdentityTranslationRef } from './translation';
export {
  isAwsAccessTabAvailable,
  isEksPodIdentityAvailable,
} from './utils/isEksPodIdentityAvailable';
export type { EntityAccessContentProps } from './components/EntityAccessContent/EntityAccessContent';
export { eksPodIdentityApiRef, EksPodIdentityClient } from './api';
export type { EksPodIdentityApi, FindingsQuery } from './api';
export type { EksClusterPickerUiOptions } from './components/EksClusterPicker/EksClusterPicker';
