import type { EksPodIdentityChangedEvent } from '@pod-identity/plugin-eks-pod-identity-common';
import { z } from 'zod';

const changedEventSchema = z.object({
  kind: z.enum(['association', 'role', 'service-account', 'agent']),
  change: z.enum(['created', 'updated', 'deleted']),
  cluster: z.string().min(1).optional(),
  namespace: z.string().min(1).optional(),
  serviceAccount: z.string().min(1).optional(),
  associationId: z.string().min(1).optional(),
  roleArns: z.array(z.string().startsWith('arn:')).optional(),
  entityRef: z.string().optional(),
  actor: z.string().optional(),
  source: z.string().optional(),
});

/**
 * The event as published, when it has the shape of one: events can come over
 * the events backend's bus from other processes, so nothing is assumed.
 */
export function parseChangedEvent(
  payload: unknown,
): EksPodIdentityChangedEvent | undefined {
  const parsed = changedEventSchema.safeParse(payload);
  return parsed.success ? parsed.data : undefined;
}
