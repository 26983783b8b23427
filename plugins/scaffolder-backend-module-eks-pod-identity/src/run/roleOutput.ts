import type { RoleSpec } from '../provisioning/ensureRole';

/** The role as an output: every setting and document, JSON in stable form. */
export function roleOutput(spec: RoleSpec, arn: string) {
  return {
    arn,
    name: spec.roleName,
    path: spec.path,
    ...(spec.permissionsBoundaryArn
      ? { permissionsBoundaryArn: spec.permissionsBoundaryArn }
      : {}),
    managedPolicyArns: spec.managedPolicyArns,
    tags: spec.tags,
    trustPolicy: JSON.stringify(spec.trustPolicy, null, 2),
    ...(spec.permissions
      ? { permissionsPolicy: JSON.stringify(spec.permissions, null, 2) }
      : {}),
  };
}
