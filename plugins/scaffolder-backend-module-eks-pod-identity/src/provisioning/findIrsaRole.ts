import { InputError } from '@backstage/errors';
import {
  accountOfArn,
  ANNOTATION_IRSA_ROLE_ARN,
  formatProblems,
  partitionOfArn,
  validateArn,
  roleNameOfArn,
} from '@pod-identity/plugin-eks-pod-identity-common';
import type {
  EksGateway,
  IamGateway,
  KubernetesClusterClient,
  RoleRecord,
} from '@pod-identity/plugin-eks-pod-identity-node';
import type { ResolvedCluster } from '../services/ClusterResolver';

export interface IrsaSource {
  role: RoleRecord;
  /** The IRSA annotation's value, while the service account still carries it. */
  annotation?: string;
}

/**
 * The role a service account uses through IRSA: the one its annotation names,
 * or, once an earlier migration removed the annotation, the one its
 * association uses (so running the migration again changes nothing).
 */
export async function findIrsaRole(
  deps: { eks: EksGateway; iam: IamGateway },
  kubernetes: KubernetesClusterClient,
  cluster: ResolvedCluster,
  namespace: string,
  serviceAccount: string,
): Promise<IrsaSource> {
  const target = `${cluster.name}:${namespace}/${serviceAccount}`;
  const account = await kubernetes.readServiceAccount(
    namespace,
    serviceAccount,
  );
  if (!account) {
    throw new InputError(
      `serviceAccount ${target} does not exist: check namespace and serviceAccount (only an existing IRSA service account can be migrated).`,
    );
  }
  const annotation = account.metadata?.annotations?.[ANNOTATION_IRSA_ROLE_ARN];
  let roleArn = annotation;
  if (!roleArn) {
    const [migrated] = await deps.eks.listAssociations(cluster, {
      namespace,
      serviceAccount,
    });
    if (!migrated) {
      throw new InputError(
        `serviceAccount ${target} has no ${ANNOTATION_IRSA_ROLE_ARN} annotation, so it does not use IRSA: use eks-pod-identity:setup to give it access instead.`,
      );
    }
    roleArn = (
      await deps.eks.describeAssociation(cluster, migrated.associationId)
    ).roleArn;
  }
  const invalid = validateArn(
    roleArn,
    'iam-role',
    `the ${ANNOTATION_IRSA_ROLE_ARN} annotation`,
  );
  if (invalid.length) throw new InputError(formatProblems(invalid));
  if (partitionOfArn(roleArn) !== partitionOfArn(cluster.arn)) {
    throw new InputError(
      `The ${ANNOTATION_IRSA_ROLE_ARN} annotation of ${target} names ${roleArn}, outside the partition of cluster ${
        cluster.name
      } (${partitionOfArn(cluster.arn)}): fix the annotation.`,
    );
  }
  if (accountOfArn(roleArn) !== cluster.accountId) {
    throw new InputError(
      `The IRSA role ${roleArn} is in another account than the cluster (${cluster.accountId}): Pod Identity needs a role in the cluster's account; use eks-pod-identity:setup with targetRoleArn ${roleArn}.`,
    );
  }
  const role = await deps.iam.readRole(
    cluster.accountId,
    roleNameOfArn(roleArn),
  );
  if (!role) {
    throw new InputError(
      `The IRSA role ${roleArn} of ${target} does not exist: fix the annotation or use eks-pod-identity:setup.`,
    );
  }
  return { role, annotation };
}
