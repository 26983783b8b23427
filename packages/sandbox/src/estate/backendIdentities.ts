import { readFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import type { EstateSeed, PolicyDocument, RoleSeed } from '../types';

/** The account the backend runs in, and its own identity there. */
export const BACKEND_ACCOUNT_ID = '111111111111';
export const BACKEND_ROLE_NAME = 'backstage-backend';
export const BACKEND_ROLE_ARN = `arn:aws:iam::${BACKEND_ACCOUNT_ID}:role/${BACKEND_ROLE_NAME}`;
/** The role the backend uses in every account (`aws.accounts[].roleName`). */
export const READER_ROLE_NAME = 'backstage-reader';

// The sandbox runs from the repository (dev, tests, benchmarks): the files are
// read where the plugins keep them, through the package rather than __dirname.
const PLUGINS = resolve(
  dirname(require.resolve('@pod-identity/sandbox/package.json')),
  '../../plugins',
);

/**
 * The policy files the plugins ship, read from the repository: the sandbox
 * provisions the backend's identities with exactly what users are told to install.
 */
export const SHIPPED_POLICY_FILES = {
  reader: `${PLUGINS}/eks-pod-identity-node/policies/reader-policy.json`,
  readerTrust: `${PLUGINS}/eks-pod-identity-node/policies/reader-trust-policy.json`,
  backend: `${PLUGINS}/eks-pod-identity-node/policies/backend-policy.json`,
  writer: `${PLUGINS}/scaffolder-backend-module-eks-pod-identity/policies/writer-policy.json`,
  irsaMigration: `${PLUGINS}/scaffolder-backend-module-eks-pod-identity/policies/irsa-migration-policy.json`,
} as const;

/** Inline policy names the shipped files get on the provisioned roles. */
export const SHIPPED_POLICY_NAMES = {
  reader: 'eks-pod-identity-reader',
  writer: 'eks-pod-identity-writer',
  irsaMigration: 'eks-pod-identity-irsa-migration',
  backend: 'eks-pod-identity-backend',
} as const;

function policyFile(path: string): PolicyDocument {
  return JSON.parse(readFileSync(path, 'utf8'));
}

const POD_IDENTITY_TRUST: PolicyDocument = {
  Version: '2012-10-17',
  Statement: [
    {
      Effect: 'Allow',
      Principal: { Service: 'pods.eks.amazonaws.com' },
      Action: ['sts:AssumeRole', 'sts:TagSession'],
    },
  ],
};

/**
 * Adds the backend's identities to an estate, unless it defines a role of
 * the same name itself: `backstage-reader` in every account (reader, writer
 * and IRSA-migration policies, trusting `backstage-backend`), and
 * `backstage-backend` (a Pod Identity role allowed to assume the readers)
 * in account 111111111111 when the estate has it.
 */
export function withBackendIdentities(seed: EstateSeed): EstateSeed {
  const reader: RoleSeed = {
    name: READER_ROLE_NAME,
    description:
      'Used by the Backstage backend to read and provision EKS Pod Identity access',
    trustPolicy: policyFile(SHIPPED_POLICY_FILES.readerTrust),
    // In name order, the order IAM lists a role's inline policies in.
    inlinePolicies: {
      [SHIPPED_POLICY_NAMES.irsaMigration]: policyFile(
        SHIPPED_POLICY_FILES.irsaMigration,
      ),
      [SHIPPED_POLICY_NAMES.reader]: policyFile(SHIPPED_POLICY_FILES.reader),
      [SHIPPED_POLICY_NAMES.writer]: policyFile(SHIPPED_POLICY_FILES.writer),
    },
    tags: { owner: 'platform-team' },
  };
  const backend: RoleSeed = {
    name: BACKEND_ROLE_NAME,
    description: 'The Backstage backend itself (Pod Identity)',
    trustPolicy: POD_IDENTITY_TRUST,
    inlinePolicies: {
      [SHIPPED_POLICY_NAMES.backend]: policyFile(SHIPPED_POLICY_FILES.backend),
    },
    tags: { owner: 'platform-team' },
  };
  return {
    ...seed,
    accounts: seed.accounts.map(account => {
      const roles = account.iam?.roles ?? [];
      const has = (name: string) =>
        roles.some(r => r.name.toLowerCase() === name.toLowerCase());
      const added = [
        ...(has(READER_ROLE_NAME) ? [] : [reader]),
        ...(account.id === BACKEND_ACCOUNT_ID && !has(BACKEND_ROLE_NAME)
          ? [backend]
          : []),
      ];
      if (added.length === 0) return account;
      return {
        ...account,
        iam: { ...account.iam, roles: [...roles, ...added] },
      };
    }),
  };
}
