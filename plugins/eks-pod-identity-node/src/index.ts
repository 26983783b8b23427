/**
 * AWS and Kubernetes access for the EKS Pod Identity plugins: gateways, the
 * inventory scanner and its result types. Shared by the backend and the
 * scaffolder module.
 *
 * @packageDocumentation
 */

export * from './inventory/types';
