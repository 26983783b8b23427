import { parseArn } from '@pod-identity/plugin-eks-pod-identity-common';
/** Where the policies the project ships live, as a platform engineer finds them in the repository. */
export const POLICY_FILES = {
  reader: 'plugins/eks-pod-identity-node/policies/reader-policy.json',
  readerTrust:
    'plugins/eks-pod-identity-node/policies/reader-trust-policy.json',
  backend: 'plugins/eks-pod-identity-node/policies/backend-policy.json',
  writer:
    'plugins/scaffolder-backend-module-eks-pod-identity/policies/writer-policy.json',
  irsaMigration:
    'plugins/scaffolder-backend-module-eks-pod-identity/policies/irsa-migration-policy.json',
} as const;

// "User: <arn> is not authorized to perform: <action> [on resource: <arn>] [because …]"
const DENIED =
  /User: (arn:aws[\w-]*:(?:iam|sts)::(\d{12}):\S+) is not authorized to perform: ([\w-]+:\w+)(?: on resource: (\S+))?(?: (?:because|with) (.*))?/;

/** The role or user name in a caller ARN (`assumed-role/<name>/<session>`, `role/<path>/<name>`, `user/<name>`). */
function principalName(arn: string): string {
  const resource = parseArn(arn)?.resource ?? arn;
  const [kind, ...rest] = resource.split('/');
  if (kind === 'assumed-role') return rest[0];
  return rest[rest.length - 1] ?? resource;
}

function fileFor(action: string, resource: string | undefined): string {
  // The only read the scan does not need: the agent installation's version check.
  if (action === 'eks:DescribeAddonVersions') return POLICY_FILES.writer;
  if (/^(eks|iam):(List|Describe|Get|GenerateServiceLastAccessed)/.test(action))
    return POLICY_FILES.reader;
  if (action === 'iam:UpdateAssumeRolePolicy')
    return POLICY_FILES.irsaMigration;
  if (
    action === 'iam:PassRole' &&
    resource &&
    !resource.includes(':role/backstage/')
  ) {
    return POLICY_FILES.irsaMigration;
  }
  return POLICY_FILES.writer;
}

/**
 * An AWS AccessDenied as a sentence a platform engineer can act on: who
 * lacks which permission, and which shipped policy file grants it. Undefined
 * when the message is not in AWS's words.
 */
export function accessDeniedSentence(message: string): string | undefined {
  const m = DENIED.exec(message);
  if (!m) return undefined;
  const [, callerArn, accountId, action, resource, because] = m;
  const who = `${principalName(callerArn)} in ${accountId}`;
  if (action === 'sts:AssumeRole') {
    return `${who} may not assume ${
      resource ?? 'the role'
    } (check the role's trust policy, ${
      POLICY_FILES.readerTrust
    }, and the caller's ${POLICY_FILES.backend})`;
  }
  const file = fileFor(action, resource);
  if (
    because?.startsWith('an explicit deny') ||
    because?.includes('explicit deny')
  ) {
    return `${who} is refused ${action} by an explicit deny (${file} lists what it needs)`;
  }
  return `${who} lacks ${action} (add it from ${file})`;
}

const SENTENCE = /^\S+ in \d{12} (lacks|is refused|may not assume) /;

/** Whether a message is already one of accessDeniedSentence's sentences. */
export function isAccessDeniedSentence(message: string): boolean {
  return SENTENCE.test(message);
}

type MiddlewareClient = {
  middlewareStack: {
    add(
      middleware: (
        next: (args: any) => Promise<any>,
      ) => (args: any) => Promise<any>,
      options: { step: 'initialize'; name: string },
    ): void;
  };
};

/**
 * Makes every AccessDenied a client answers carry the actionable sentence as
 * its message (the error's name stays AWS's), so whoever shows the error,
 * the scanner or a scaffolder action, names the permission and the file.
 */
export function withActionableDenials<C extends MiddlewareClient>(
  client: C,
): C {
  client.middlewareStack.add(
    next => async args => {
      try {
        return await next(args);
      } catch (error) {
        const name = (error as Error)?.name ?? '';
        if (/^AccessDenied(Exception)?$/.test(name)) {
          const sentence = accessDeniedSentence((error as Error).message);
          if (sentence) (error as Error).message = sentence;
        }
        throw error;
      }
    },
    { step: 'initialize', name: 'eksPodIdentityActionableDenials' },
  );
  return client;
}
