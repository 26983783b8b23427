/**
 * Catalog module of the EKS Pod Identity plugins: the IAM roles that Pod
 * Identity associations use and the EKS clusters, as Resource entities owned
 * by the teams whose components use them.
 *
 * @packageDocumentation
 */

export { catalogModuleEksPodIdentity as default } from './module';
