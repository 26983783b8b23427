/**
 * Backend plugin of the EKS Pod Identity suite: scheduled inventory scans
 * stored in the plugin database and served by the v1 REST API.
 *
 * @packageDocumentation
 */

export { eksPodIdentityPlugin as default } from './plugin';
