import { isDeepStrictEqual } from 'node:util';
import {
  buildArn,
  roleArnOf,
} from '@pod-identity/plugin-eks-pod-identity-common';
import type { EstateSeed } from '@pod-identity/sandbox';
import type { InventoryScan } from '../inventory/types';

// The sandbox serves the commercial partition.
const PARTITION = 'aws';
const policyArnOf = (
  accountId: string,
  policy: { name: string; path?: string },
) =>
  buildArn({
    partition: PARTITION,
    service: 'iam',
    region: '',
    accountId,
    resource: `policy${policy.path ?? '/'}${policy.name}`,
  });

// IAM's wire format carries whole seconds.
const toSeconds = (iso: string | undefined | null) =>
  iso ? Math.floor(Date.parse(iso) / 1000) : iso;

/**
 * `toEqual` for large values: a plain deep comparison first (jest's matcher is
 * slow on thousands of objects), the matcher only for the failure message.
 */
function expectSame(actual: unknown, expected: unknown) {
  const plain = (v: unknown) =>
    v === undefined ? v : JSON.parse(JSON.stringify(v));
  if (!isDeepStrictEqual(plain(actual), plain(expected))) {
    expect(actual).toEqual(expected);
  }
}

const sortBy = <T>(items: T[], key: (t: T) => string) =>
  [...items].sort((a, b) => (key(a) < key(b) ? -1 : 1));

/**
 * Asserts that a scan reports exactly what the sandbox holds, in the sandbox's
 * own words (`exportEstate()`): every cluster, association, role and policy,
 * and the Kubernetes objects the export carries.
 */
export function expectScanMatchesEstate(
  scan: InventoryScan,
  estate: EstateSeed,
) {
  const awsManaged = new Map(
    (estate.awsManagedPolicies ?? []).map(p => [policyArnOf('aws', p), p]),
  );
  const expectedClusters = estate.accounts.flatMap(a =>
    (a.clusters ?? []).map(c => ({ accountId: a.id, ...c })),
  );
  expect(
    sortBy(
      scan.clusters.map(c => c.cluster.name),
      n => n,
    ),
  ).toEqual(
    sortBy(
      expectedClusters.map(c => c.name),
      n => n,
    ),
  );

  for (const expected of expectedClusters) {
    const inventory = scan.clusters.find(
      c => c.cluster.name === expected.name,
    )!;
    expect(inventory.cluster).toMatchObject({
      accountId: expected.accountId,
      region: expected.region,
      status: 'ok',
      autoMode: expected.autoMode ?? false,
      tags: expected.tags ?? {},
    });
    expect(inventory.cluster.error).toBeUndefined();
    expect(inventory.kubernetesError).toBeUndefined();
    if (expected.version) {
      expect(inventory.cluster.version).toBe(expected.version);
    }
    const addon = (expected.addons ?? []).find(
      a => a.name === 'eks-pod-identity-agent',
    );
    expect(inventory.agent.addonStatus).toBe(
      addon ? addon.status ?? 'ACTIVE' : undefined,
    );
    expect(inventory.agent.addonVersion).toBe(addon?.version);

    const key = (a: { namespace: string; serviceAccount: string }) =>
      `${a.namespace}/${a.serviceAccount}`;
    expectSame(
      sortBy(inventory.associations, key).map(a => ({
        namespace: a.namespace,
        serviceAccount: a.serviceAccount,
        role: a.roleArn,
        targetRoleArn: a.targetRoleArn,
        disableSessionTags: a.disableSessionTags,
        policy: a.sessionPolicy,
        tags: Object.keys(a.tags).length ? a.tags : undefined,
        ownerArn: a.ownerArn,
        createdAt: a.createdAt,
        modifiedAt: a.modifiedAt,
      })),
      sortBy(expected.associations ?? [], key).map(a => ({
        namespace: a.namespace,
        serviceAccount: a.serviceAccount,
        role: a.role,
        targetRoleArn: a.targetRoleArn,
        disableSessionTags: a.disableSessionTags ?? false,
        policy: a.policy,
        tags: a.tags,
        ownerArn: a.ownerArn,
        createdAt: a.createdAt,
        modifiedAt: a.modifiedAt,
      })),
    );
    for (const a of inventory.associations) {
      expect(a.associationArn).toBe(
        buildArn({
          service: 'eks',
          region: expected.region,
          accountId: expected.accountId,
          resource: `podidentityassociation/${expected.name}/${a.associationId}`,
        }),
      );
    }

    const k = expected.kubernetes ?? {};
    const namespaces = new Set(inventory.namespaces);
    expect((k.namespaces ?? []).filter(n => !namespaces.has(n))).toEqual([]);
    const saKey = (s: { namespace: string; name: string }) =>
      `${s.namespace}/${s.name}`;
    expectSame(
      sortBy(
        inventory.serviceAccounts.filter(
          s =>
            s.name !== 'default' ||
            Object.keys(s.labels).length ||
            Object.keys(s.annotations).length,
        ),
        saKey,
      ).map(s => ({
        namespace: s.namespace,
        name: s.name,
        labels: s.labels,
        annotations: s.annotations,
      })),
      sortBy(k.serviceAccounts ?? [], saKey).map(s => ({
        namespace: s.namespace,
        name: s.name,
        labels: s.labels ?? {},
        annotations: s.annotations ?? {},
      })),
    );
    expect(
      sortBy(inventory.nodes, n => n.name).map(n => ({
        name: n.name,
        labels: n.labels,
      })),
    ).toEqual(
      sortBy(k.nodes ?? [], n => n.name).map(n => ({
        name: n.name,
        labels: n.labels ?? {},
      })),
    );
    const wKey = (w: { kind: string; namespace: string; name: string }) =>
      `${w.kind}/${w.namespace}/${w.name}`;
    expectSame(
      sortBy(inventory.workloads, wKey).map(w => ({
        kind: w.kind,
        namespace: w.namespace,
        name: w.name,
        labels: w.labels,
        serviceAccountName: w.serviceAccountName,
      })),
      sortBy(k.workloads ?? [], wKey).map(w => ({
        kind: w.kind,
        namespace: w.namespace,
        name: w.name,
        labels: w.labels ?? {},
        serviceAccountName: w.serviceAccountName ?? 'default',
      })),
    );
    const pods = new Map(
      inventory.pods.map(p => [`${p.namespace}/${p.name}`, p]),
    );
    for (const pod of k.pods ?? []) {
      const scanned = pods.get(`${pod.namespace}/${pod.name}`);
      expectSame(
        scanned && {
          serviceAccountName: scanned.serviceAccountName,
          nodeName: scanned.nodeName,
          startTime: scanned.startTime,
        },
        {
          serviceAccountName: pod.serviceAccountName ?? 'default',
          nodeName: pod.nodeName,
          startTime: pod.startTime && new Date(pod.startTime).toISOString(),
        },
      );
    }
  }

  for (const account of estate.accounts.filter(
    a => (a.clusters ?? []).length > 0,
  )) {
    const iam = scan.accounts.find(a => a.accountId === account.id)!;
    expect(iam).toBeDefined();
    expect(iam.error).toBeUndefined();
    expect(iam.complete).toBe(true);
    const roles = account.iam?.roles ?? [];
    expect(
      sortBy(
        iam.roles.map(r => r.arn),
        x => x,
      ),
    ).toEqual(
      sortBy(
        roles.map(r =>
          roleArnOf({
            partition: PARTITION,
            accountId: account.id,
            path: r.path,
            name: r.name,
          }),
        ),
        x => x,
      ),
    );
    for (const role of roles) {
      const scanned = iam.roles.find(
        r =>
          r.arn ===
          roleArnOf({
            partition: PARTITION,
            accountId: account.id,
            path: role.path,
            name: role.name,
          }),
      )!;
      expect({
        name: scanned.name,
        path: scanned.path,
        trustPolicy: scanned.trustPolicy,
        inlinePolicies: Object.fromEntries(
          scanned.inlinePolicies.map(p => [p.name, p.document]),
        ),
        managedPolicyArns: scanned.attachedPolicyArns,
        permissionsBoundaryArn: scanned.permissionsBoundaryArn,
        tags: scanned.tags,
        createDate: toSeconds(scanned.createDate),
        lastUsed: toSeconds(scanned.lastUsed) ?? null,
      }).toEqual({
        name: role.name,
        path: role.path ?? '/',
        trustPolicy: role.trustPolicy,
        inlinePolicies: role.inlinePolicies ?? {},
        managedPolicyArns: role.managedPolicyArns ?? [],
        permissionsBoundaryArn: role.permissionsBoundaryArn,
        tags: role.tags ?? {},
        createDate: toSeconds(role.createDate),
        lastUsed: toSeconds(role.lastUsed) ?? null,
      });
      if (role.lastUsed) {
        expect(scanned.lastUsedRegion).toBe(role.lastUsedRegion);
      }
    }
    const customer = account.iam?.policies ?? [];
    for (const policy of customer) {
      const arn = policyArnOf(account.id, policy);
      expect(iam.policies.find(p => p.arn === arn)).toMatchObject({
        name: policy.name,
        awsManaged: false,
        document: policy.document,
      });
    }
    const referenced = new Set(
      roles.flatMap(r => [
        ...(r.managedPolicyArns ?? []),
        ...(r.permissionsBoundaryArn ? [r.permissionsBoundaryArn] : []),
      ]),
    );
    for (const arn of referenced) {
      const scanned = iam.policies.find(p => p.arn === arn);
      expect({ arn, found: !!scanned }).toEqual({ arn, found: true });
      if (awsManaged.has(arn)) {
        expect(scanned!.document).toEqual(awsManaged.get(arn)!.document);
      }
    }
    expect(iam.unreadablePolicyArns).toEqual([]);
  }
}
