import {
  consoleHostOf,
  partitionOfArn,
  roleNameOfArn,
} from '@pod-identity/plugin-eks-pod-identity-common';

/**
 * Link to the role in the IAM console of the role's partition (commercial,
 * China or GovCloud), or undefined where the partition has no public console.
 * The console addresses roles by name, without their path.
 */
export function roleConsoleUrl(roleArn: string): string | undefined {
  const host = consoleHostOf(partitionOfArn(roleArn) ?? '');
  if (!host) return undefined;
  return `https://${host}/iam/home#/roles/details/${encodeURIComponent(
    roleNameOfArn(roleArn),
  )}`;
}
