import type {
  Finding,
  OwnerReport,
} from '@pod-identity/plugin-eks-pod-identity-common';
import type { InventoryAnalyzer } from '@pod-identity/plugin-eks-pod-identity-node';
import {
  alphaInventory,
  entities,
  estateScanner,
  ordersRole,
} from '../__testUtils__/estate';
import {
  apiClient,
  refreshInventory,
  refusalOf,
} from '../__testUtils__/apiClient';
import {
  ADMIN,
  DEVELOPER,
  startPluginBackend,
} from '../__testUtils__/testBackend';

jest.setTimeout(60_000);

const finding = (
  code: Finding['code'],
  severity: Finding['severity'],
  subject: Finding['subject'],
): Finding => ({
  code,
  severity,
  title: code,
  detail: `detail of ${code}`,
  remediation: 'fix it',
  subject,
});

const [, , payments] = alphaInventory().associations;
const analyzer: InventoryAnalyzer = {
  async analyze() {
    return {
      findings: [
        // On a role two associations share: counted once per owner, not once per association.
        finding('ROLE_SHARED', 'medium', { type: 'role', id: ordersRole.arn }),
        finding('SESSION_POLICY_WITH_TAGS', 'high', {
          type: 'association',
          id: payments.associationId,
        }),
        finding('IRSA_LEFTOVER', 'low', {
          type: 'serviceAccount',
          id: 'alpha:team-orders/orders-worker',
        }),
        finding('IRSA_ONLY', 'info', {
          type: 'serviceAccount',
          id: 'alpha:team-orders/default',
        }),
      ],
      associationAccess: () => undefined,
      roleAccess: () => undefined,
    };
  },
};

const counts = (c: Partial<OwnerReport['findings']>) => ({
  critical: 0,
  high: 0,
  medium: 0,
  low: 0,
  info: 0,
  ...c,
});

describe('GET /v1/governance/owners', () => {
  async function report() {
    const scanner = estateScanner();
    // team-orders/default (used by the orders-migrate Job of `orders`) still on IRSA.
    const alpha = scanner.inventories.get('alpha')!;
    alpha.serviceAccounts = alpha.serviceAccounts.map(sa =>
      sa.name === 'default' ? { ...sa, irsaRoleArn: ordersRole.arn } : sa,
    );
    const backend = await startPluginBackend({ scanner, entities, analyzer });
    await refreshInventory(backend.server);
    return {
      owners: (user?: string) =>
        apiClient(backend.server, user).GET('/v1/governance/owners'),
    };
  }

  it('reports per owner group the associations, roles, findings by severity and IRSA migration per cluster', async () => {
    const { owners } = await report();
    const { data } = await owners(ADMIN);
    expect(data!.items).toEqual([
      {
        // Two associations with the same role on alpha and another on beta; the Job's IRSA-only default account.
        owner: 'group:default/team-orders',
        associationCount: 2,
        roleCount: 2,
        findings: counts({ medium: 1, info: 1 }),
        irsa: {
          podIdentity: 2,
          irsaOnly: 1,
          migrationPercent: 67,
          byCluster: [
            {
              cluster: 'alpha',
              podIdentity: 1,
              irsaOnly: 1,
              migrationPercent: 50,
              irsaOnlyServiceAccounts: ['team-orders/default'],
            },
            {
              cluster: 'beta',
              podIdentity: 1,
              irsaOnly: 0,
              migrationPercent: 100,
              irsaOnlyServiceAccounts: [],
            },
          ],
        },
      },
      {
        // The role and its cross-account target role both count.
        owner: 'group:default/team-payments',
        associationCount: 1,
        roleCount: 2,
        findings: counts({ high: 1 }),
        irsa: {
          podIdentity: 1,
          irsaOnly: 0,
          migrationPercent: 100,
          byCluster: [
            {
              cluster: 'alpha',
              podIdentity: 1,
              irsaOnly: 0,
              migrationPercent: 100,
              irsaOnlyServiceAccounts: [],
            },
          ],
        },
      },
      {
        // Claims the same service account through a label selector: it counts for both owners.
        owner: 'group:default/team-selected',
        associationCount: 1,
        roleCount: 2,
        findings: counts({ high: 1 }),
        irsa: expect.objectContaining({
          podIdentity: 1,
          irsaOnly: 0,
          migrationPercent: 100,
        }),
      },
      {
        // orders-worker and search: no entity claims them.
        owner: null,
        associationCount: 2,
        roleCount: 2,
        findings: counts({ medium: 1, low: 1 }),
        irsa: expect.objectContaining({
          podIdentity: 2,
          irsaOnly: 0,
          migrationPercent: 100,
        }),
      },
    ]);
  });

  it('needs the inventory read permission', async () => {
    const { owners } = await report();
    expect((await refusalOf(owners())).status).toBe(401);
    expect((await refusalOf(owners(DEVELOPER))).status).toBe(403);
  });
});
