import type { z as zod } from 'zod/v3';
import { PERMISSION_PRESETS, PRESET_RESOURCE_HELP } from '../policies/presets';
import { TRUST_SCOPES } from '../policies/trustPolicy';

/*
 * Input and output fields shared by the actions. Descriptions are what the
 * template editor shows. Constraints are checked by the handlers (not here),
 * so a bad value gets a sentence naming the field and the fix rather than a
 * JSON-schema error. Documents are records of `any` rather than `unknown`
 * so that they match the JsonObject of the named types in actions/types.ts.
 */

type Z = typeof zod;

export const inputFields = {
  cluster: (z: Z) =>
    z
      .string()
      .describe(
        'EKS cluster name, as configured in eksPodIdentity (use the EksClusterPicker field)',
      ),
  namespace: (z: Z) =>
    z.string().describe('Kubernetes namespace of the workload'),
  serviceAccount: (z: Z) =>
    z.string().describe('Kubernetes service account the pods run as'),
  createNamespace: (z: Z) =>
    z
      .boolean()
      .optional()
      .describe('Create the namespace when it does not exist (default false)'),
  roleName: (z: Z) =>
    z
      .string()
      .optional()
      .describe(
        'IAM role name; must start with the configured prefix. Default: <prefix><namespace>-<serviceAccount>',
      ),
  trustScope: (z: Z) =>
    z
      .enum(TRUST_SCOPES as [string, ...string[]])
      .optional()
      .describe(
        'Who the role trusts: "service-account" (default: this cluster, namespace and service account), "cluster" (any association in this cluster; the default with disableSessionTags), or "none" (explicit opt-out of scoping)',
      ),
  permissions: (z: Z) =>
    z
      .array(
        z.object({
          preset: z
            .enum(PERMISSION_PRESETS as unknown as [string, ...string[]])
            .describe('Kind of access'),
          resource: z.string().describe(
            `The resource: ${Object.entries(PRESET_RESOURCE_HELP)
              .map(([p, h]) => `${p}: ${h}`)
              .join('; ')}`,
          ),
        }),
      )
      .optional()
      .describe(
        'Ready-made permissions (names resolve in the cluster account and region)',
      ),
  customPolicy: (z: Z) =>
    z
      .union([z.string(), z.record(z.any())])
      .optional()
      .describe(
        'Extra permissions as an IAM policy document (JSON text or object); no Principal, no "*" actions',
      ),
  managedPolicyArns: (z: Z) =>
    z
      .array(z.string())
      .optional()
      .describe('Managed policy ARNs to attach (the platform may deny some)'),
  tags: (z: Z) =>
    z
      .record(z.string())
      .optional()
      .describe(
        'Tags for the role and the association; the platform may require some (e.g. owner)',
      ),
  targetRoleArn: (z: Z) =>
    z
      .string()
      .optional()
      .describe(
        "Role chaining: the role the pods end up in, in another account or the cluster's own (EKS chains to it). The association role then gets only sts:AssumeRole + sts:TagSession on it",
      ),
  disableSessionTags: (z: Z) =>
    z
      .boolean()
      .optional()
      .describe(
        'Turn off the session tags EKS adds (cluster, namespace, service account, pod); needed for a session policy',
      ),
  sessionPolicy: (z: Z) =>
    z
      .union([z.string(), z.record(z.any())])
      .optional()
      .describe(
        'Session policy (JSON text or object, at most 2,048 characters) that narrows the role for this association; requires disableSessionTags',
      ),
  entityRef: (z: Z) =>
    z
      .string()
      .optional()
      .describe(
        'Catalog entity the access is for (e.g. component:default/orders-api); tags the resources and gives the entity page link',
      ),
};

export const outputFields = {
  roleArn: (z: Z) => z.string().describe('ARN of the IAM role'),
  associationId: (z: Z) =>
    z.string().optional().describe('Id of the Pod Identity association'),
  associationArn: (z: Z) =>
    z.string().optional().describe('ARN of the Pod Identity association'),
  entityUrl: (z: Z) =>
    z
      .string()
      .optional()
      .describe("Link to the entity's AWS access tab, when entityRef is given"),
  targetTrustPolicy: (z: Z) =>
    z
      .string()
      .optional()
      .describe(
        'Role chaining: the trust policy (JSON) the target role must hold; hand it to the owners of the target role',
      ),
  role: (z: Z) =>
    z
      .object({
        arn: z.string(),
        name: z.string(),
        path: z.string(),
        permissionsBoundaryArn: z.string().optional(),
        managedPolicyArns: z.array(z.string()),
        tags: z.record(z.string()),
        trustPolicy: z.string().describe('JSON'),
        permissionsPolicy: z
          .string()
          .optional()
          .describe('JSON of the inline policy eks-pod-identity-permissions'),
      })
      .describe(
        'The role as the action makes it, documents included (what a GitOps template writes as code)',
      ),
  findings: (z: Z) =>
    z
      .array(
        z.object({
          field: z.string(),
          code: z.string(),
          severity: z.string(),
          detail: z.string(),
          remediation: z.string(),
        }),
      )
      .describe(
        'What the access analysis finds about the planned role and association, below the refusal limit (warnings)',
      ),
  plan: (z: Z) =>
    z
      .array(
        z.object({
          resource: z.string(),
          action: z.enum(['create', 'update', 'delete', 'reuse']),
          target: z.string(),
          detail: z.string().optional(),
          document: z.record(z.any()).optional(),
        }),
      )
      .describe(
        'What the action created, changed or reused (in a dry run: would)',
      ),
};
