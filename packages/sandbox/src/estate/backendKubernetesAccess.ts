/**
 * The Kubernetes access of the backend's identity in every cluster, from the
 * files the plugins ship: `backstage-reader` (the role the backend uses in
 * each account, for the scan and the scaffolder's writes alike) gets an
 * access entry in the groups of the reader and writer access-entry files,
 * and the cluster gets the reader and writer RBAC they bind.
 */
import { readFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { parse, parseAllDocuments } from 'yaml';
import type { AccessEntrySeed } from '../types';

/** The role the backend uses in every account (`aws.accounts[].roleName`). */
export const BACKEND_KUBERNETES_ROLE = 'backstage-reader';

// The sandbox runs from the repository (dev, tests, benchmarks): the files
// are read where the plugins keep them.
const PLUGINS = resolve(
  dirname(require.resolve('@pod-identity/sandbox/package.json')),
  '../../plugins',
);

export const SHIPPED_KUBERNETES_FILES = {
  readerEntry: `${PLUGINS}/eks-pod-identity-node/kubernetes/reader-access-entry.json`,
  readerRbac: `${PLUGINS}/eks-pod-identity-node/kubernetes/reader-rbac.yaml`,
  writerEntry: `${PLUGINS}/scaffolder-backend-module-eks-pod-identity/kubernetes/writer-access-entry.json`,
  writerRbac: `${PLUGINS}/scaffolder-backend-module-eks-pod-identity/kubernetes/writer-rbac.yaml`,
} as const;

let shipped:
  | { groups: string[]; rbac: Array<Record<string, unknown>> }
  | undefined;

function read() {
  if (!shipped) {
    const f = SHIPPED_KUBERNETES_FILES;
    const groups = [f.readerEntry, f.writerEntry].flatMap(
      file =>
        (parse(readFileSync(file, 'utf8')) as { kubernetesGroups: string[] })
          .kubernetesGroups,
    );
    const rbac = [f.readerRbac, f.writerRbac].flatMap(file =>
      parseAllDocuments(readFileSync(file, 'utf8')).map(
        d => d.toJS() as Record<string, unknown>,
      ),
    );
    shipped = { groups, rbac };
  }
  return shipped;
}

/** The backend's access entry in a cluster of `accountId`. */
export function backendAccessEntry(accountId: string): AccessEntrySeed {
  return {
    principalArn: `arn:aws:iam::${accountId}:role/${BACKEND_KUBERNETES_ROLE}`,
    type: 'STANDARD',
    kubernetesGroups: [...read().groups],
  };
}

/** The RBAC objects those groups are bound by (fresh copies). */
export function backendRbacObjects(): Array<Record<string, unknown>> {
  return structuredClone(read().rbac);
}
