/**
 * Link to the role in the IAM console. The console addresses roles by name,
 * without their path, so everything after the last `/` of the ARN is used.
 */
export function roleConsoleUrl(roleArn: string): string {
  const name = roleArn.slice(roleArn.lastIndexOf('/') + 1);
  return `https://console.aws.amazon.com/iam/home#/roles/details/${encodeURIComponent(
    name,
  )}`;
}

/** `arn:aws:iam::111111111111:role/path/name` → `name`. */
export function roleNameFromArn(roleArn: string): string {
  return roleArn.slice(roleArn.lastIndexOf('/') + 1);
}
