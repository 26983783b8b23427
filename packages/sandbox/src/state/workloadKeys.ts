import { createHash } from 'node:crypto';

const BASE32 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';

/** The session name workload keys act under. */
export const WORKLOAD_SESSION_NAME = 'sandbox-workload';

/**
 * Static keys that act as a session of a role, the way a pod with that
 * role's Pod Identity credentials would: derived from the role's ARN, so a
 * config can name them before the sandbox starts and they are the same on
 * every run. A sandbox fiction (AWS never gives a role long-term keys); it
 * lets a backend run as `backstage-backend` or `backstage-reader` through
 * the static keys `@backstage/integration-aws-node` accepts.
 */
export function workloadCredentials(roleArn: string): {
  accessKeyId: string;
  secretAccessKey: string;
} {
  const digest = createHash('sha256').update(`workload/${roleArn}`).digest();
  let id = '';
  for (let i = 0; i < 16; i++) id += BASE32[digest[i] % 32];
  return {
    accessKeyId: `AKIA${id}`,
    secretAccessKey: createHash('sha256')
      .update(`workload-secret/${roleArn}`)
      .digest('base64')
      .slice(0, 40),
  };
}
