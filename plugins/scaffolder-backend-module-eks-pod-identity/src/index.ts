/**
 * Scaffolder actions that create IAM roles, Kubernetes service accounts and
 * EKS Pod Identity associations inside the platform's guardrails.
 *
 * @packageDocumentation
 */

export { scaffolderModuleEksPodIdentity as default } from './module';
export * from './actions';
export { PlatformGuardrails } from './services/Guardrails';
export { DefaultClusterResolver } from './services/ClusterResolver';
export type {
  ClusterResolver,
  ResolvedCluster,
} from './services/ClusterResolver';
export type { PlannedChange } from './run/plan';
export { ActionRun } from './run/ActionRun';
export {
  EventsChangeAnnouncer,
  silentChangeAnnouncer,
} from './run/ChangeAnnouncer';
export type { ChangeAnnouncer } from './run/ChangeAnnouncer';
