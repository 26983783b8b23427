/*
 * End to end on the embedded default's estate: the real scanner reads the
 * sandbox through the AWS SDK and the Kubernetes client, the plugin stores and
 * serves it, and every cluster, association, role and policy the API returns
 * is compared with the sandbox's own state.
 */
import {
  buildArn,
  ENTITY_REF_TAG_KEY,
  OWNER_TAG_KEY,
  roleArnOf,
  type EksPodIdentityApiClient,
} from '@pod-identity/plugin-eks-pod-identity-common';
import {
  startSandbox,
  type EstateSeed,
  type ManagedPolicySeed,
  type Sandbox,
} from '@pod-identity/sandbox';
import path from 'node:path';
import {
  apiClient,
  readAllPages,
  refreshInventory,
} from './__testUtils__/apiClient';
import { sandboxPluginConfig } from './__testUtils__/sandboxConfig';
import { ADMIN, startPluginBackend } from './__testUtils__/testBackend';

jest.setTimeout(300_000);

const DEMO_ESTATE = path.resolve(
  __dirname,
  '../../../examples/sandbox/estate.yaml',
);

// The sandbox serves the commercial partition.
const PARTITION = 'aws';
const policyArnOf = (owner: string, policy: ManagedPolicySeed) =>
  buildArn({
    partition: PARTITION,
    service: 'iam',
    region: '',
    accountId: owner,
    resource: `policy${policy.path ?? '/'}${policy.name}`,
  });

function managedPolicies(estate: EstateSeed): Map<string, ManagedPolicySeed> {
  const policies = new Map<string, ManagedPolicySeed>();
  for (const p of estate.awsManagedPolicies ?? [])
    policies.set(policyArnOf('aws', p), p);
  for (const account of estate.accounts) {
    for (const p of account.iam?.policies ?? [])
      policies.set(policyArnOf(account.id, p), p);
  }
  return policies;
}

describe('the demo estate, scanned and served', () => {
  let sandbox: Sandbox;
  let estate: EstateSeed;
  let client: EksPodIdentityApiClient;

  beforeAll(async () => {
    sandbox = await startSandbox({ seed: DEMO_ESTATE });
    const backend = await startPluginBackend({
      config: sandboxPluginConfig(sandbox),
    });
    client = apiClient(backend.server, ADMIN);
    await refreshInventory(backend.server);
    estate = sandbox.exportEstate();
  });

  afterAll(async () => {
    await sandbox?.stop();
  });

  it('serves every cluster with its account, region, agent add-on and association count', async () => {
    const { data } = await client.GET('/v1/clusters');
    const served = new Map(data!.items.map(c => [c.name, c]));
    const expected = estate.accounts.flatMap(a =>
      (a.clusters ?? []).map(c => ({ account: a.id, cluster: c })),
    );
    expect([...served.keys()].sort()).toEqual(
      expected.map(e => e.cluster.name).sort(),
    );
    for (const { account, cluster } of expected) {
      const agent = cluster.addons?.find(
        a => a.name === 'eks-pod-identity-agent',
      );
      expect({ name: cluster.name, ...served.get(cluster.name) }).toMatchObject(
        {
          name: cluster.name,
          accountId: account,
          region: cluster.region,
          status: 'ok',
          stale: false,
          associationCount: cluster.associations?.length ?? 0,
          agent: agentExpectation(agent),
        },
      );
      // Auto Mode's built-in agent is told apart from a missing one.
      expect({
        name: cluster.name,
        builtIn: served.get(cluster.name)!.agent.builtIn ?? false,
      }).toEqual({ name: cluster.name, builtIn: cluster.autoMode === true });
    }
    expect([...served.values()].some(c => c.agent.builtIn)).toBe(true);
  });

  it('serves every association with its role, target role, session policy, tags and times', async () => {
    const associations = await readAllPages(cursor =>
      client.GET('/v1/associations', {
        params: { query: { limit: 500, cursor } },
      }),
    );
    const served = new Map(
      associations.map(a => [
        `${a.cluster}:${a.namespace}/${a.serviceAccount}`,
        a,
      ]),
    );

    const expected = estate.accounts.flatMap(account =>
      (account.clusters ?? []).flatMap(cluster =>
        (cluster.associations ?? []).map(a => ({
          account: account.id,
          cluster,
          a,
        })),
      ),
    );
    expect(expected.length).toBeGreaterThan(4000);
    expect(served.size).toBe(expected.length);
    for (const { account, cluster, a } of expected) {
      const association = served.get(
        `${cluster.name}:${a.namespace}/${a.serviceAccount}`,
      );
      expect(association).toEqual({
        id: expect.stringMatching(/^a-[0-9a-z]{17}$/),
        arn: `arn:aws:eks:${cluster.region}:${account}:podidentityassociation/${
          cluster.name
        }/${association!.id}`,
        cluster: cluster.name,
        namespace: a.namespace,
        serviceAccount: a.serviceAccount,
        roleArn: a.role,
        ...(a.targetRoleArn ? { targetRoleArn: a.targetRoleArn } : {}),
        disableSessionTags: a.disableSessionTags ?? false,
        ...(a.policy ? { sessionPolicy: a.policy } : {}),
        ...(a.ownerArn ? { ownerArn: a.ownerArn } : {}),
        createdAt: a.createdAt,
        modifiedAt: a.modifiedAt,
        tags: a.tags ?? {},
        // A template's grant tags map it with no catalog entity to read.
        ...(a.tags?.[ENTITY_REF_TAG_KEY]
          ? {
              mappedEntityRefs: [a.tags[ENTITY_REF_TAG_KEY]],
              owner: a.tags[OWNER_TAG_KEY],
            }
          : { mappedEntityRefs: [] }),
        findings: [],
      });
    }
  });

  it('serves every role of the scanned accounts, and cross-account target roles, with decoded policies', async () => {
    const policies = managedPolicies(estate);
    const clusterAccounts = new Set(
      estate.accounts.filter(a => a.clusters?.length).map(a => a.id),
    );
    const targetArns = new Set(
      estate.accounts.flatMap(a =>
        (a.clusters ?? []).flatMap(c =>
          (c.associations ?? []).map(x => x.targetRoleArn),
        ),
      ),
    );
    let checked = 0;
    for (const account of estate.accounts) {
      for (const role of account.iam?.roles ?? []) {
        const arn = roleArnOf({
          partition: PARTITION,
          accountId: account.id,
          path: role.path,
          name: role.name,
        });
        if (!clusterAccounts.has(account.id) && !targetArns.has(arn)) continue;
        // A refusal names the role it was about.
        const detail = (
          await client
            .GET('/v1/roles/{roleArn}', { params: { path: { roleArn: arn } } })
            .catch(error => {
              throw new Error(`${arn}: ${error}`);
            })
        ).data!;
        const boundary = role.permissionsBoundaryArn
          ? policies.get(role.permissionsBoundaryArn)
          : undefined;
        expect(detail).toMatchObject({
          arn,
          name: role.name,
          accountId: account.id,
          path: role.path ?? '/',
          trustPolicy: role.trustPolicy,
          inlinePolicies: Object.entries(role.inlinePolicies ?? {}).map(
            ([name, document]) => ({ name, document }),
          ),
          tags: role.tags ?? {},
          createDate: role.createDate,
          maxSessionDuration: role.maxSessionDuration ?? 3600,
        });
        expect(detail.lastUsed).toBe(role.lastUsed ?? undefined);
        expect(detail.permissionsBoundaryArn).toBe(role.permissionsBoundaryArn);
        expect(detail.permissionsBoundary).toEqual(boundary?.document);
        expect(detail.managedPolicies).toEqual(
          (role.managedPolicyArns ?? []).map(policyArn => ({
            arn: policyArn,
            name: policies.get(policyArn)!.name,
            awsManaged: policyArn.startsWith('arn:aws:iam::aws:'),
            defaultVersionId: expect.any(String),
            document: policies.get(policyArn)!.document,
          })),
        );
        checked++;
      }
    }
    expect(checked).toBeGreaterThan(20);
  });
});

/** What the served agent state must be: the seeded add-on when there is one. */
function agentExpectation(agent?: { status?: string; version?: string }) {
  return agent
    ? {
        installed: true,
        addonStatus: agent.status,
        addonVersion: agent.version,
      }
    : expect.anything();
}
