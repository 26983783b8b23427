import { createHash } from 'node:crypto';
import { ConflictError } from '@backstage/errors';
import type { JsonObject } from '@backstage/types';
import type {
  AssociationRecord,
  EksGateway,
} from '@pod-identity/plugin-eks-pod-identity-node';
import {
  describeError,
  isNotFoundError,
} from '@pod-identity/plugin-eks-pod-identity-node';
import { samePolicy } from '../policies/comparePolicies';
import type { ActionRun } from '../run/ActionRun';
import { retryWhileSettling } from './settle';
import type { ResolvedCluster } from '../services/ClusterResolver';
import type { StatementList } from '../policies/statements';

export interface AssociationSpec {
  namespace: string;
  serviceAccount: string;
  roleArn: string;
  targetRoleArn?: string;
  disableSessionTags: boolean;
  sessionPolicy?: StatementList;
  tags: Record<string, string>;
}

/** What an association looks like to the caller (JSON for checkpoints and outputs). */
export interface AssociationResult extends JsonObject {
  associationId: string;
  associationArn: string;
  externalId: string | null;
  created: boolean;
}

function differences(
  existing: AssociationRecord,
  spec: AssociationSpec,
): string[] {
  const out: string[] = [];
  if (existing.roleArn !== spec.roleArn) out.push(`role ${existing.roleArn}`);
  if ((existing.targetRoleArn ?? '') !== (spec.targetRoleArn ?? '')) {
    out.push(`target role ${existing.targetRoleArn ?? 'none'}`);
  }
  if (existing.disableSessionTags !== spec.disableSessionTags) {
    out.push(`disableSessionTags ${existing.disableSessionTags}`);
  }
  const a = existing.sessionPolicy;
  const b = spec.sessionPolicy;
  if (
    (a === undefined) !== (b === undefined) ||
    (a && b && !samePolicy(a, b))
  ) {
    out.push(a ? 'a different session policy' : 'no session policy');
  }
  return out;
}

function asResult(
  record: AssociationRecord,
  created: boolean,
): AssociationResult {
  return {
    associationId: record.associationId,
    associationArn: record.associationArn,
    externalId: record.externalId ?? null,
    created,
  };
}

/**
 * The token EKS uses to make a create idempotent: the same task step asking
 * for the same association again (a retry) gets the first answer back.
 */
export function clientRequestToken(parts: string[]): string {
  return createHash('sha256')
    .update(parts.join('\n'))
    .digest('hex')
    .slice(0, 64);
}

const IN_USE_ID = /\b(a-[a-z0-9]+)\b/;

function conflict(
  target: string,
  record: AssociationRecord,
  diff: string[],
): ConflictError {
  return new ConflictError(
    `A Pod Identity association for ${target} already exists (${
      record.associationId
    }) with ${diff.join(
      ', ',
    )}. A service account has one association per cluster: change or delete the existing one first (eks-pod-identity:association:delete).`,
  );
}

/**
 * The service account's existing association, if any; a ConflictError when
 * it differs from `spec`. Lets a composite action fail before changing anything.
 */
export async function findMatchingAssociation(
  eks: EksGateway,
  cluster: ResolvedCluster,
  spec: AssociationSpec,
): Promise<AssociationRecord | undefined> {
  const [summary] = await eks.listAssociations(cluster, {
    namespace: spec.namespace,
    serviceAccount: spec.serviceAccount,
  });
  if (!summary) return undefined;
  const record = await eks.describeAssociation(cluster, summary.associationId);
  const diff = differences(record, spec);
  if (diff.length) {
    throw conflict(
      `${cluster.name}:${spec.namespace}/${spec.serviceAccount}`,
      record,
      diff,
    );
  }
  return record;
}

const ROLE_NOT_FOUND = /does not exist|not found|cannot be found/i;

/**
 * Why a failed create may succeed if tried again: EKS does not see a role
 * IAM just created yet (it answers as for a missing role), or a deleted
 * association of this service account still holds it (ResourceInUseException
 * while no association is listed for it).
 */
async function stillSettling(
  eks: EksGateway,
  cluster: ResolvedCluster,
  spec: AssociationSpec,
  error: unknown,
): Promise<string | undefined> {
  const { name, message } = error as Error;
  if (
    name === 'InvalidParameterException' &&
    message.includes(spec.roleArn) &&
    ROLE_NOT_FOUND.test(message)
  ) {
    return `EKS does not see role ${spec.roleArn} yet`;
  }
  if (name === 'ResourceInUseException' && !IN_USE_ID.test(message)) {
    const live = await eks.listAssociations(cluster, {
      namespace: spec.namespace,
      serviceAccount: spec.serviceAccount,
    });
    if (live.length === 0) {
      return `A deleted association still holds ${spec.namespace}/${spec.serviceAccount} on ${cluster.name}`;
    }
  }
  return undefined;
}

/**
 * Makes the association exist as `spec` says. An existing association for the
 * service account is reused when identical, otherwise a ConflictError. A
 * concurrent create (ResourceInUseException) is resolved the same way.
 */
export async function ensureAssociation(
  run: ActionRun,
  eks: EksGateway,
  cluster: ResolvedCluster,
  spec: AssociationSpec,
  token: string,
): Promise<AssociationResult | undefined> {
  const target = `${cluster.name}:${spec.namespace}/${spec.serviceAccount}`;
  const check = (record: AssociationRecord, created: boolean) => {
    const diff = differences(record, spec);
    if (diff.length) throw conflict(target, record, diff);
    return asResult(record, created);
  };

  const found = await findMatchingAssociation(eks, cluster, spec);
  if (found) {
    const existing = asResult(found, false);
    run.keep({
      resource: 'eks-pod-identity-association',
      target,
      detail: `${existing.associationId} → ${spec.roleArn}`,
    });
    return existing;
  }

  return run.mutate(
    {
      resource: 'eks-pod-identity-association',
      action: 'create',
      target,
      detail: [
        `role ${spec.roleArn}`,
        spec.targetRoleArn && `target role ${spec.targetRoleArn}`,
        spec.disableSessionTags && 'session tags disabled',
      ]
        .filter(Boolean)
        .join(', '),
      ...(spec.sessionPolicy
        ? { document: spec.sessionPolicy as unknown as JsonObject }
        : {}),
    },
    `eks.${cluster.name}.${spec.namespace}.${spec.serviceAccount}.CreatePodIdentityAssociation`,
    async () => {
      try {
        const record = await retryWhileSettling(
          run.logger,
          () =>
            eks.createAssociation(cluster, {
              ...spec,
              clientRequestToken: token,
            }),
          e => stillSettling(eks, cluster, spec, e),
        );
        return asResult(record, true);
      } catch (e) {
        const id =
          (e as Error).name === 'ResourceInUseException'
            ? IN_USE_ID.exec((e as Error).message)?.[1]
            : undefined;
        if (!id) throw e;
        return check(await eks.describeAssociation(cluster, id), false);
      }
    },
    result =>
      result.created
        ? {
            description: `Pod Identity association ${result.associationId} for ${target}`,
            fn: async () => {
              try {
                await eks.deleteAssociation(cluster, result.associationId);
              } catch (e) {
                if (!isNotFoundError(e)) throw new Error(describeError(e));
              }
            },
          }
        : undefined,
  );
}
