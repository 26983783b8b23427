/**
 * Catalog module of the EKS Pod Identity plugins: the IAM roles that Pod
 * Identity associations use and the EKS clusters, as Resource entities owned
 * by the teams whose components use them; owners are notified of new
 * critical and high findings.
 *
 * @packageDocumentation
 */

export { catalogModuleEksPodIdentity as default } from './module';
