import { InputError, ServiceUnavailableError } from '@backstage/errors';
import { ActionCatalogue } from '@pod-identity/plugin-eks-pod-identity-node';
import type { SnapshotView } from '../snapshot/SnapshotView';

/** A resource ARN without wildcards, or `*` for actions that take none. */
export const RESOURCE_ARN =
  /^arn:[a-z-]+:[a-z0-9-]+:[a-z0-9-]*:(\d{12}|aws)?:[^*?]+$/;

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
    .refine(
      r => r === '*' || RESOURCE_ARN.test(r),
      'must be one resource ARN such as arn:aws:s3:::bucket/key (no wildcards), or * for actions that take no resource',
    )
    .describe('One resource ARN, or * for actions that take no resource'),
});
