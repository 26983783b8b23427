/**
 * Shared contract of the EKS Pod Identity plugins: API types, constants,
 * permissions, annotation parsing, validation and IAM policy evaluation.
 * Runs in the browser and in Node.
 *
 * @packageDocumentation
 */

export * from './api/types';
export * from './client';
export * from './constants';
export * from './permissions';
export * from './tags';
export * from './events/changed';
export * from './history/types';
export * from './annotations';
export * from './arn';
export * from './validation/problem';
export * from './validation/kubernetesNames';
export * from './validation/iamNames';
export * from './validation/arns';
export * from './validation/policyGrammar';
export * from './validation/privilegeEscalation';
export * from './validation/guardrails';
export * from './policy';
