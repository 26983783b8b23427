import {
  DescribePodIdentityAssociationCommand,
  EKSClient,
  ListPodIdentityAssociationsCommand,
} from '@aws-sdk/client-eks';
import {
  GetPolicyCommand,
  GetPolicyVersionCommand,
  GetRoleCommand,
  GetRolePolicyCommand,
  IAMClient,
  ListAttachedRolePoliciesCommand,
  ListRolePoliciesCommand,
} from '@aws-sdk/client-iam';

/**
 * The crawler one writes first: one cluster, strictly one call at a time, and
 * for every association the whole role read again — GetRole,
 * ListAttachedRolePolicies, ListRolePolicies, GetRolePolicy per inline policy,
 * GetPolicy + GetPolicyVersion per attached policy — with no deduplication.
 * It is the baseline the scanner's speed-up is measured against.
 */
export async function naiveCrawl(options: {
  endpoint: string;
  credentials: { accessKeyId: string; secretAccessKey: string };
  region: string;
  cluster: string;
}): Promise<{ associations: number; calls: number }> {
  const common = {
    endpoint: options.endpoint,
    credentials: options.credentials,
    // Enough patience to finish under throttling; the baseline must complete.
    maxAttempts: 20,
  };
  const eks = new EKSClient({ ...common, region: options.region });
  const iam = new IAMClient({ ...common, region: 'us-east-1' });
  let calls = 0;
  let associations = 0;
  try {
    let nextToken: string | undefined;
    do {
      const page = await eks.send(
        new ListPodIdentityAssociationsCommand({
          clusterName: options.cluster,
          nextToken,
        }),
      );
      calls++;
      nextToken = page.nextToken;
      for (const summary of page.associations ?? []) {
        const { association } = await eks.send(
          new DescribePodIdentityAssociationCommand({
            clusterName: options.cluster,
            associationId: summary.associationId,
          }),
        );
        calls++;
        associations++;
        const roleName = association!.roleArn!.split('/').pop()!;
        await iam.send(new GetRoleCommand({ RoleName: roleName }));
        const attached = await iam.send(
          new ListAttachedRolePoliciesCommand({ RoleName: roleName }),
        );
        const inline = await iam.send(
          new ListRolePoliciesCommand({ RoleName: roleName }),
        );
        calls += 3;
        for (const policyName of inline.PolicyNames ?? []) {
          await iam.send(
            new GetRolePolicyCommand({
              RoleName: roleName,
              PolicyName: policyName,
            }),
          );
          calls++;
        }
        for (const policy of attached.AttachedPolicies ?? []) {
          const { Policy } = await iam.send(
            new GetPolicyCommand({ PolicyArn: policy.PolicyArn }),
          );
          await iam.send(
            new GetPolicyVersionCommand({
              PolicyArn: policy.PolicyArn,
              VersionId: Policy!.DefaultVersionId,
            }),
          );
          calls += 2;
        }
      }
    } while (nextToken);
  } finally {
    eks.destroy();
    iam.destroy();
  }
  return { associations, calls };
}
