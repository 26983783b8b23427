/**
 * Frontend of the EKS Pod Identity plugins: the "AWS access" entity tab and
 * overview card, the governance page and the `EksClusterPicker` template field.
 *
 * The default export is the plugin for the new frontend system; the named
 * exports serve apps on the legacy system.
 *
 * @packageDocumentation
 */

export { default } from './plugin';
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
