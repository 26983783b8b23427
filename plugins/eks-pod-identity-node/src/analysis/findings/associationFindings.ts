import {
  Finding,
  formatServiceAccountRef,
} from '@pod-identity/plugin-eks-pod-identity-common';
import type {
  AssociationRecord,
  ClusterInventory,
} from '../../inventory/types';
import type { FindingContext } from './context';
import { associationSubject, describeServiceAccount, finding } from './finding';

type Rule = (
  cluster: ClusterInventory,
  association: AssociationRecord,
  context: FindingContext,
) => Finding[];

/** ROLE_NOT_FOUND: IAM says the role (or the target role) does not exist. */
const roleNotFound: Rule = (cluster, association, { index }) => {
  const name = cluster.cluster.name;
  const sa = describeServiceAccount(name, association);
  const missing = [
    { arn: association.roleArn, what: 'role' },
    ...(association.targetRoleArn
      ? [{ arn: association.targetRoleArn, what: 'target role' }]
      : []),
  ].filter(r => index.role(r.arn).state === 'notFound');
  return missing.map(({ arn, what }) =>
    finding({
      code: 'ROLE_NOT_FOUND',
      subject: associationSubject(association),
      cluster: name,
      detail: `The association ${association.associationId} of ${sa} names the ${what} ${arn}, which does not exist in IAM; pods of the service account get no AWS credentials.`,
      remediation: `Recreate the role ${arn} with the Pod Identity trust policy, or point the association at an existing role: aws eks update-pod-identity-association --cluster-name ${name} --association-id ${
        association.associationId
      } --${
        what === 'role' ? 'role-arn' : 'target-role-arn'
      } <role ARN>; delete the association if the workload is gone.`,
    }),
  );
};

/** SESSION_POLICY_WITH_TAGS: EKS only accepts a session policy with session tags off. */
const sessionPolicyWithTags: Rule = (cluster, association) => {
  if (!association.sessionPolicy || association.disableSessionTags) return [];
  const name = cluster.cluster.name;
  return [
    finding({
      code: 'SESSION_POLICY_WITH_TAGS',
      subject: associationSubject(association),
      cluster: name,
      detail: `The association ${
        association.associationId
      } of ${describeServiceAccount(
        name,
        association,
      )} has a session policy while session tags are enabled (disableSessionTags: false); EKS accepts a session policy only with session tags disabled, so the next update of the association fails until one of them goes.`,
      remediation: `Disable session tags on the association (aws eks update-pod-identity-association --cluster-name ${name} --association-id ${association.associationId} --disable-session-tags), after moving any ABAC condition on aws:PrincipalTag into the session policy; or remove the session policy.`,
    }),
  ];
};

const kubernetesObjects = new WeakMap<
  ClusterInventory,
  { namespaces: Set<string>; serviceAccounts: Set<string> }
>();

function objectsOf(cluster: ClusterInventory) {
  let objects = kubernetesObjects.get(cluster);
  if (!objects) {
    objects = {
      namespaces: new Set(cluster.namespaces),
      serviceAccounts: new Set(
        cluster.serviceAccounts.map(s => `${s.namespace}/${s.name}`),
      ),
    };
    kubernetesObjects.set(cluster, objects);
  }
  return objects;
}

/** SERVICE_ACCOUNT_MISSING: only when Kubernetes was read (an unread cluster proves nothing). */
const serviceAccountMissing: Rule = (cluster, association) => {
  if (cluster.kubernetesError) return [];
  const name = cluster.cluster.name;
  const sa = describeServiceAccount(name, association);
  const objects = objectsOf(cluster);
  const namespaceExists = objects.namespaces.has(association.namespace);
  const exists =
    namespaceExists &&
    objects.serviceAccounts.has(
      `${association.namespace}/${association.serviceAccount}`,
    );
  if (exists) return [];
  return [
    finding({
      code: 'SERVICE_ACCOUNT_MISSING',
      subject: associationSubject(association),
      cluster: name,
      detail: namespaceExists
        ? `The association ${association.associationId} names service account ${association.serviceAccount}, which does not exist in namespace ${association.namespace} of cluster ${name}.`
        : `The association ${association.associationId} of ${sa} names namespace ${association.namespace}, which does not exist in cluster ${name}.`,
      remediation: `If the workload moved or was removed, delete the association (aws eks delete-pod-identity-association --cluster-name ${name} --association-id ${
        association.associationId
      }); otherwise create the ${
        namespaceExists ? 'service account' : 'namespace and service account'
      } it expects.`,
    }),
  ];
};

/** UNOWNED_ASSOCIATION: no catalog entity maps to the service account. */
const unowned: Rule = (cluster, association, { owned }) => {
  const name = cluster.cluster.name;
  const key = formatServiceAccountRef({
    cluster: name,
    namespace: association.namespace,
    serviceAccount: association.serviceAccount,
  });
  if (!owned || owned.has(key)) return [];
  return [
    finding({
      code: 'UNOWNED_ASSOCIATION',
      subject: associationSubject(association),
      cluster: name,
      detail: `No catalog entity maps to ${key}, so nobody owns the access of its association ${association.associationId} (role ${association.roleArn}).`,
      remediation: `Annotate the component that runs in ${association.namespace} with eks-pod-identity/service-accounts: ${key} (or give its workloads the backstage.io/kubernetes-id label); delete the association if nothing uses it.`,
    }),
  ];
};

/** ADDON_OWNED: an EKS add-on manages the association; change it through the add-on. */
const addonOwned: Rule = (cluster, association) => {
  if (!association.ownerArn) return [];
  const name = cluster.cluster.name;
  const addon = /:addon\/[^/]+\/([^/]+)/.exec(association.ownerArn)?.[1];
  return [
    finding({
      code: 'ADDON_OWNED',
      subject: associationSubject(association),
      cluster: name,
      detail: `The association ${
        association.associationId
      } of ${describeServiceAccount(name, association)} is owned by ${
        association.ownerArn
      }${addon ? ` (the ${addon} add-on)` : ''}; it is shown read-only here.`,
      remediation: `Change it through the add-on's podIdentityAssociations (aws eks update-addon --cluster-name ${name} --addon-name ${
        addon ?? '<add-on>'
      } --pod-identity-associations …), not directly.`,
    }),
  ];
};

const RULES: Rule[] = [
  roleNotFound,
  sessionPolicyWithTags,
  serviceAccountMissing,
  unowned,
  addonOwned,
];

export function associationFindings(context: FindingContext): Finding[] {
  return context.index.clusters.flatMap(cluster =>
    cluster.associations.flatMap(association =>
      RULES.flatMap(rule => rule(cluster, association, context)),
    ),
  );
}
