/**
 * AWS and Kubernetes access for the EKS Pod Identity plugins: gateways, the
 * inventory scanner and its result types. Shared by the backend and the
 * scaffolder module.
 *
 * @packageDocumentation
 */

export * from './inventory/types';
export * from './inventory/DefaultInventoryScanner';
export * from './config/readConfig';
export * from './aws/AwsClientFactory';
export * from './aws/EksGateway';
export * from './aws/IamGateway';
export * from './aws/StsGateway';
export {
  describeError,
  isAccessDeniedError,
  isNotFoundError,
  redactSecrets,
} from './aws/errors';
export * from './lastAccessed/LastAccessedReader';
export * from './kubernetes/EksTokenProvider';
export * from './kubernetes/KubernetesGateway';
export * from './analysis';
// The trust evaluation the analyzers use, for the scaffolder's checks of existing roles.
export {
  askTrust,
  servicePrincipal,
  trustStatementsFor,
} from './analysis/trust/trustStatements';
export type {
  PrincipalMatcher,
  TrustAnswer,
} from './analysis/trust/trustStatements';
export * from './extensions/inventoryExtensionPoint';
export * from './services';
export * from './inventory/ClusterDirectory';
