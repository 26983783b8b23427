import { fireEvent, screen } from '@testing-library/react';
import { renderInTestApp, TestApiProvider } from '@backstage/test-utils';
import { entityRouteRef } from '@backstage/plugin-catalog-react';
import type { AccessChange } from '@pod-identity/plugin-eks-pod-identity-common';
import { eksPodIdentityApiRef } from '../../api';
import { FakeEksPodIdentityApi } from '../../__testUtils__/FakeEksPodIdentityApi';
import { AccessChangesCard } from './AccessChangesCard';

jest.setTimeout(60_000);

const change = (
  id: number,
  overrides: Partial<AccessChange>,
): AccessChange => ({
  id: String(id),
  at: '2026-12-03T10:00:00.000Z',
  kind: 'association.created',
  cluster: 'prod-use1',
  summary: `Change ${id}`,
  entityRefs: ['component:default/payments-api'],
  madeBy: 'outside Backstage',
  ...overrides,
});

const granted = change(3, {
  summary:
    'Association created: prod-use1:team-payments/payments-api → role bs-team-payments-payments-api',
  actor: 'user:default/guest',
  madeBy: 'user:default/guest',
  source: 'eks-pod-identity:setup',
});
const direct = change(2, {
  kind: 'association.updated',
  summary:
    'Association prod-use1:team-payments/payments-api: role changed from a to b',
});
// Findings are seen by the inventory, not made by anyone.
const older = change(1, {
  kind: 'finding.raised',
  summary: 'Finding raised: ROLE_SHARED on a-1',
  madeBy: 'inventory',
});

function fakeHistory() {
  return new FakeEksPodIdentityApi({
    getChanges: async query =>
      query.cursor === 'older'
        ? { items: [older], totalCount: 3 }
        : {
            items:
              query.limit === 500
                ? [granted, direct, older]
                : [granted, direct],
            totalCount: 3,
            ...(query.limit === 500 ? {} : { nextCursor: 'older' }),
          },
  });
}

async function render(api: FakeEksPodIdentityApi, entityRef?: string) {
  await renderInTestApp(
    <TestApiProvider apis={[[eksPodIdentityApiRef, api]]}>
      <AccessChangesCard entityRef={entityRef} />
    </TestApiProvider>,
    { mountedRoutes: { '/catalog/:namespace/:kind/:name': entityRouteRef } },
  );
}

describe('AccessChangesCard', () => {
  it("shows an entity's history newest first, with the user, 'outside Backstage' or the inventory, and pages on", async () => {
    const api = fakeHistory();
    await render(api, 'component:default/payments-api');
    expect(await screen.findByText('History')).toBeInTheDocument();
    expect(screen.getByText(granted.summary)).toBeInTheDocument();
    expect(screen.getByText('guest')).toBeInTheDocument();
    expect(screen.getByText('outside Backstage')).toBeInTheDocument();
    expect(api.callsOf('getChanges')[0]).toEqual([
      {
        entityRef: 'component:default/payments-api',
        limit: 20,
        cursor: undefined,
      },
    ]);

    fireEvent.click(screen.getByText('Show older changes'));
    expect(await screen.findByText(older.summary)).toBeInTheDocument();
    expect(screen.getByText('inventory')).toBeInTheDocument();
    expect(screen.queryByText('Show older changes')).toBeNull();
  });

  it('titles the feed of every change "Recent changes" and exports all of it as CSV', async () => {
    const blobs: Blob[] = [];
    URL.createObjectURL = jest.fn((blob: Blob) => {
      blobs.push(blob);
      return 'blob:export';
    });
    URL.revokeObjectURL = jest.fn();
    const click = jest
      .spyOn(HTMLAnchorElement.prototype, 'click')
      .mockImplementation(() => {});
    await render(fakeHistory());
    expect(await screen.findByText('Recent changes')).toBeInTheDocument();

    fireEvent.click(screen.getByText('Export changes (CSV)'));
    expect(await screen.findByText('3 rows exported')).toBeInTheDocument();
    const rows = (await blobs[0].text()).trim().split('\r\n');
    expect(rows[0]).toMatch(/^at,kind,madeBy,source,summary,/);
    expect(rows.slice(1).map(r => r.split(',')[2])).toEqual([
      'user:default/guest',
      'outside Backstage',
      'inventory',
    ]);
    expect(click).toHaveBeenCalled();
    click.mockRestore();
  });

  it('says so when nothing was recorded yet', async () => {
    await render(
      new FakeEksPodIdentityApi({
        getChanges: async () => ({ items: [], totalCount: 0 }),
      }),
    );
    expect(
      await screen.findByText('No access changes recorded yet.'),
    ).toBeInTheDocument();
  });
});
