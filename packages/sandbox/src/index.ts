/**
 * Local emulator of EKS, IAM, STS and the Kubernetes API, for developing,
 * testing and benchmarking the EKS Pod Identity plugins.
 */
export { DEFAULT_CONSISTENCY_DELAY_MS, startSandbox } from './sandbox';
export {
  BACKEND_ACCOUNT_ID,
  BACKEND_ROLE_ARN,
  READER_ROLE_NAME,
  SHIPPED_POLICY_FILES,
  SHIPPED_POLICY_NAMES,
  withBackendIdentities,
} from './estate/backendIdentities';
export { workloadCredentials } from './state/workloadKeys';
export { sandboxAwsConfig, sandboxDiscovery } from './backstageConfig';
export { loadEstate } from './estate/load';
export { EstateError, validateEstate } from './estate/validate';
export { resolveEstateDates } from './estate/dates';
export {
  BENCHMARK_ESTATE_OPTIONS,
  BENCHMARK_ESTATE_SIZE,
  benchmarkEstateOptions,
  expandGeneratedAssociations,
  generateEstate,
} from './estate/generate';
export type {
  BenchmarkEstateSize,
  GenerateEstateOptions,
} from './estate/generate';
export { DEFAULT_THROTTLE } from './faults/faults';
export type * from './types';
