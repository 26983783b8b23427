import { screen, waitFor, within } from '@testing-library/react';
import { renderInTestApp, TestApiProvider } from '@backstage/test-utils';
import { EntityProvider } from '@backstage/plugin-catalog-react';
import {
  type AccessSummary,
  MANAGED_BY_TAG_KEY,
  MANAGED_BY_TAG_VALUE,
  type RoleDetail,
} from '@pod-identity/plugin-eks-pod-identity-common';
import { eksPodIdentityApiRef } from '../../api';
import { FakeEksPodIdentityApi } from '../../__testUtils__/FakeEksPodIdentityApi';
import {
  entityAccess,
  ordersApiEntity,
  roleDetail,
  serviceAccountAccess,
} from '../../__testUtils__/fixtures';
import { EntityAccessContent } from './EntityAccessContent';

jest.setTimeout(30_000);

const levels = {
  List: 0,
  Read: 1,
  Write: 0,
  'Permissions management': 0,
  Tagging: 0,
};
const ROLE = 'arn:aws:iam::111111111111:role/orders-api';

const access = (withUsage: boolean): AccessSummary => ({
  admin: false,
  services: [
    {
      service: 's3',
      levels,
      wildcardResource: false,
      resources: ['arn:aws:s3:::orders-data/*'],
      ...(withUsage && {
        usage: {
          used: true,
          lastAccessed: '2026-12-02T09:00:00Z',
          windowDays: 90,
          trackedActions: { used: 1, granted: 2 },
        },
      }),
    },
    {
      service: 'sqs',
      levels,
      wildcardResource: false,
      resources: ['arn:aws:sqs:us-east-1:111111111111:orders-events'],
      ...(withUsage && { usage: { used: false, windowDays: 90 } }),
    },
  ],
});

const NARROWED = {
  Version: '2012-10-17',
  Statement: [{ Effect: 'Allow', Action: 's3:GetObject', Resource: '*' }],
};

const SCAFFOLDER_TAGS = { [MANAGED_BY_TAG_KEY]: MANAGED_BY_TAG_VALUE };

function renderTab(
  summary: AccessSummary,
  unused = false,
  role: Partial<RoleDetail> = { tags: SCAFFOLDER_TAGS },
) {
  const api = new FakeEksPodIdentityApi({
    getRole: async () => ({
      ...roleDetail,
      usedBy: [
        {
          cluster: 'prod-use1',
          namespace: 'team-orders',
          serviceAccount: 'orders-api',
          associationId: 'a-1',
        },
      ],
      rightSizing: {
        windowDays: 90,
        unusedServices: ['sqs'],
        inlinePolicies: [
          {
            policyName: 'app',
            document: NARROWED as any,
            removedActions: ['sqs:SendMessage'],
          },
        ],
        managedPolicies: [],
      },
      ...role,
    }),
    getEntityAccess: async () =>
      entityAccess({
        items: [
          serviceAccountAccess({
            access: summary,
            findings: unused
              ? [
                  {
                    code: 'PERMISSIONS_UNUSED',
                    severity: 'medium',
                    title:
                      'Role is granted services or actions it has not used',
                    detail: 'sqs not used',
                    remediation: 'narrow it',
                    subject: { type: 'role', id: ROLE },
                  },
                ]
              : [],
          }),
        ],
      }),
  });
  return renderInTestApp(
    <TestApiProvider apis={[[eksPodIdentityApiRef, api]]}>
      <EntityProvider entity={ordersApiEntity}>
        <EntityAccessContent />
      </EntityProvider>
    </TestApiProvider>,
  );
}

describe('used / granted on the effective-access table', () => {
  it('shows per service whether it was used in the window, when, and the tracked actions used', async () => {
    await renderTab(access(true), true);
    const table = await screen.findByRole('table', {
      name: 'Effective access by service',
    });
    expect(within(table).getByText('Used / granted')).toBeInTheDocument();
    const [, s3, sqs] = within(table).getAllByRole('row');
    expect(
      within(s3).getByText('used · last 2026-12-02 · 1 / 2 tracked actions'),
    ).toBeInTheDocument();
    expect(within(sqs).getByText('not used in 90 days')).toBeInTheDocument();
    expect(
      screen.getByText('Used / granted: 1 of 2 services in the last 90 days'),
    ).toBeInTheDocument();
  });

  it('links PERMISSIONS_UNUSED to the right-size template with the proposed policy filled in', async () => {
    await renderTab(access(true), true);
    const button = await screen.findByText('Right-size this role');
    await waitFor(() =>
      expect(button.closest('a')!.getAttribute('href')).toContain('policyName'),
    );
    const link = button.closest('a')!;
    const [path, query] = link.getAttribute('href')!.split('?');
    expect(path).toBe('/create/templates/default/eks-pod-identity-right-size');
    expect(JSON.parse(new URLSearchParams(query).get('formData')!)).toEqual({
      roleArn: ROLE,
      cluster: 'prod-use1',
      policyName: 'app',
      policyDocument: JSON.stringify(NARROWED, null, 2),
    });
  });

  it.each([
    ['a role the scaffolder did not make', { tags: { owner: 'team-orders' } }],
    [
      'a proposal that removes the whole inline policy',
      {
        tags: SCAFFOLDER_TAGS,
        rightSizing: {
          windowDays: 90,
          unusedServices: ['sqs'],
          inlinePolicies: [
            { policyName: 'app', removedActions: ['sqs:SendMessage'] },
          ],
          managedPolicies: [],
        },
      },
    ],
  ])(
    'says to narrow PERMISSIONS_UNUSED where the policy is defined, with no template link, for %s',
    async (_, role: Partial<RoleDetail>) => {
      await renderTab(access(true), true, role);
      expect(
        await screen.findByText(
          'Managed outside Backstage: narrow the policy where it is defined; the finding names the statements.',
        ),
      ).toBeInTheDocument();
      expect(screen.queryByText('Right-size this role')).toBeNull();
    },
  );

  it('has no column before IAM last-accessed data was read', async () => {
    await renderTab(access(false));
    const table = await screen.findByRole('table', {
      name: 'Effective access by service',
    });
    expect(within(table).queryByText('Used / granted')).toBeNull();
  });
});
