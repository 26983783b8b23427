import { InputError, ServiceUnavailableError } from '@backstage/errors';
import {
  parseArn,
  SUPPORTED_PARTITIONS,
} from '@pod-identity/plugin-eks-pod-identity-common';
import { ActionCatalogue } from '@pod-identity/plugin-eks-pod-identity-node';
import type { SnapshotView } from '../snapshot/SnapshotView';

/**
 * True for one resource ARN without wildcards, in a partition the plugins
 * accept, or `*` for actions that take no resource: a simulation asks about
 * one request, never a pattern.
 */
export function isSimulationResource(value: string): boolean {
  if (value === '*') return true;
  const arn = parseArn(value);
  return (
    arn !== undefined &&
    (SUPPORTED_PARTITIONS as readonly string[]).includes(arn.partition) &&
    /^[a-z0-9-]+$/.test(arn.service) &&
    /^[a-z0-9-]*$/.test(arn.region) &&
    /^(\d{12}|aws)?$/.test(arn.accountId) &&
    /^[^*?]+$/.test(arn.resource)
  );
}

/** What `isSimulationResource` wants, for the 400 that refuses a resource. */
export const SIMULATION_RESOURCE_RULE =
  'must be one resource ARN such as arn:aws:s3:::bucket/key (no wildcards), or * for actions that take no resource';

/** Names the fix when the IAM action does not exist (typos are common). */
export async function requireKnownAction(action: string): Promise<void> {
  const catalogue = await ActionCatalogue.load();
  if (catalogue.get(action)) return;
  const close = catalogue.closest(action, 3);
  throw new InputError(
    `Invalid input 'action': ${action} is not an IAM action${
      close.length ? ` (did you mean ${close.join(', ')}?)` : ''
    }`,
  );
}

/** The analysis' simulator of this view. */
export function simulatorOf(view: SnapshotView) {
  const simulate = view.analysis.simulate?.bind(view.analysis);
  if (!simulate) {
    throw new ServiceUnavailableError(
      'Simulation needs the access analysis, which is not installed in this backend',
    );
  }
  return simulate;
}

/** The input fields of a simulation, for the actions' zod schemas. */
export const questionFields = (z: typeof import('zod/v3').z) => ({
  action: z
    .string()
    .regex(
      /^[A-Za-z0-9-]+:[A-Za-z0-9]+$/,
      'must be one IAM action such as s3:GetObject (no wildcards)',
    )
    .describe('One IAM action, e.g. s3:GetObject'),
  resource: z
    .string()
    .refine(isSimulationResource, SIMULATION_RESOURCE_RULE)
    .describe('One resource ARN, or * for actions that take no resource'),
});
