import { fireEvent, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import type { OwnerReport } from '@pod-identity/plugin-eks-pod-identity-common';
import { pending } from '../../__testUtils__/FakeEksPodIdentityApi';
import { roleArn } from '../../__testUtils__/fixtures';
import { fakeBackend, renderPage } from '../../__testUtils__/governancePage';

jest.setTimeout(60_000);

// The rescan buttons of a permitted user are tested in GovernancePage.rescan.test.tsx:
// usePermission caches answers per permission across the tests of a file.

const associationsTable = () =>
  screen.getByRole('table', { name: 'Pod Identity associations' });

describe('GovernancePage', () => {
  it('shows a card per cluster with scan state, agent, association count and error', async () => {
    await renderPage(fakeBackend());
    const prod = await screen.findByText('Production (prod-use1)');
    expect(prod).toBeInTheDocument();
    const staging = screen
      .getByText('staging-euw1')
      .closest('.MuiCard-root') as HTMLElement;
    expect(
      within(staging).getByText('unreachable, showing an earlier scan'),
    ).toBeInTheDocument();
    expect(within(staging).getByText('not installed')).toBeInTheDocument();
    // A cluster without the agent links to the template that installs it.
    const install = within(staging)
      .getByText('Install the agent')
      .closest('a')!;
    expect(install.getAttribute('href')).toBe(
      `/create/templates/default/eks-pod-identity-install-agent?formData=${encodeURIComponent(
        JSON.stringify({ cluster: 'staging-euw1' }),
      )}`,
    );
    expect(
      within(prod.closest('.MuiCard-root') as HTMLElement).queryByText(
        'Install the agent',
      ),
    ).toBeNull();
    expect(within(staging).getByText('3')).toBeInTheDocument();
    expect(
      within(staging).getByText('DescribeCluster timed out'),
    ).toBeInTheDocument();
    expect(
      within(prod.closest('.MuiCard-root') as HTMLElement).getByText(
        'add-on ACTIVE v1.3.4',
      ),
    ).toBeInTheDocument();
    const autoMode = screen
      .getByText('data-euw1')
      .closest('.MuiCard-root') as HTMLElement;
    expect(
      within(autoMode).getByText('built in (Auto Mode)'),
    ).toBeInTheDocument();
    expect(within(autoMode).queryByText('Install the agent')).toBeNull();
  });

  it('counts findings by severity and code, and drills into a code, filtering the associations', async () => {
    const api = fakeBackend();
    await renderPage(api);
    const byCode = await screen.findByRole('table', {
      name: 'Findings by code',
    });
    expect(
      within(byCode)
        .getAllByRole('row')
        .slice(1)
        .map(r => r.textContent),
    ).toEqual([
      expect.stringContaining('AGENT_MISSING'),
      expect.stringContaining('ROLE_SHARED'),
    ]);
    expect(screen.getByText('critical 1')).toBeInTheDocument();
    expect(screen.getByText('medium 2')).toBeInTheDocument();

    fireEvent.click(within(byCode).getByText('ROLE_SHARED'));
    const drillDown = await screen.findByRole('region', {
      name: 'Findings ROLE_SHARED',
    });
    await waitFor(() =>
      expect(within(drillDown).getAllByRole('listitem')).toHaveLength(2),
    );
    expect(within(drillDown).getByText('association a-2')).toBeInTheDocument();
    // One page of the code's findings; the summary above asks for one item only.
    expect(api.callsOf('getFindings')).toContainEqual([
      expect.objectContaining({ code: 'ROLE_SHARED', limit: 50 }),
    ]);
    expect(api.callsOf('getFindings')).toContainEqual([
      expect.objectContaining({ code: undefined, limit: 1 }),
    ]);
    await waitFor(() =>
      expect(api.callsOf('getAssociations').at(-1)).toEqual([
        { finding: 'ROLE_SHARED', limit: 25, cursor: undefined },
      ]),
    );
  });

  it('pages associations with the server cursor, forwards and back', async () => {
    const api = fakeBackend();
    await renderPage(api);
    await screen.findByText('team-orders/orders-api');
    expect(screen.getByText('1–2 of 3')).toBeInTheDocument();
    expect(screen.getByText('Previous page').closest('button')).toBeDisabled();

    fireEvent.click(screen.getByText('Next page'));
    await within(associationsTable()).findByText('team-orders/payments-worker');
    expect(screen.getByText('3–3 of 3')).toBeInTheDocument();
    expect(api.callsOf('getAssociations').at(-1)).toEqual([
      { limit: 25, cursor: 'page-2' },
    ]);
    expect(screen.getByText('Next page').closest('button')).toBeDisabled();

    fireEvent.click(screen.getByText('Previous page'));
    await within(associationsTable()).findByText('team-orders/orders-api');
    expect(api.callsOf('getAssociations').at(-1)).toEqual([
      { limit: 25, cursor: undefined },
    ]);
  });

  it('sends the typed filters to the server and starts again at page 1', async () => {
    const api = fakeBackend();
    await renderPage(api);
    await screen.findByText('team-orders/orders-api');
    fireEvent.click(screen.getByText('Next page'));
    await within(associationsTable()).findByText('team-orders/payments-worker');

    await userEvent.type(screen.getByLabelText('Namespace'), 'team-orders');
    await userEvent.type(
      screen.getByLabelText('Owner'),
      'group:default/team-orders',
    );
    await waitFor(() =>
      expect(api.callsOf('getAssociations').at(-1)).toEqual([
        {
          namespace: 'team-orders',
          owner: 'group:default/team-orders',
          limit: 25,
          cursor: undefined,
        },
      ]),
    );
  });

  it('opens a role drawer with who uses the role and its policies', async () => {
    const api = fakeBackend();
    await renderPage(api);
    await screen.findByText('team-orders/orders-api');
    fireEvent.click(
      within(associationsTable()).getAllByRole('button', {
        name: 'Role orders-api: show details',
      })[0],
    );

    const drawer = await screen.findByRole('dialog', { name: 'Role details' });
    expect(
      await within(drawer).findByText(
        'prod-use1: team-orders/orders-api (a-0123456789abcdef0)',
      ),
    ).toBeInTheDocument();
    expect(
      within(drawer).getByText('NO_PERMISSIONS_BOUNDARY'),
    ).toBeInTheDocument();
    expect(
      within(drawer).getByRole('button', { name: /Trust policy/ }),
    ).toBeInTheDocument();
    expect(
      within(drawer).getByRole('button', { name: /Permissions boundary/ }),
    ).toBeInTheDocument();
    expect(api.callsOf('getRole')).toEqual([[roleArn]]);

    fireEvent.click(
      within(drawer).getByRole('button', { name: 'Close role details' }),
    );
    await waitFor(() =>
      expect(screen.queryByRole('dialog', { name: 'Role details' })).toBeNull(),
    );
  });

  it('hides the rescan buttons from users without the refresh permission', async () => {
    await renderPage(fakeBackend(), false);
    await screen.findByText('Production (prod-use1)');
    await screen.findByText('team-orders/orders-api');
    expect(screen.queryByText('Rescan all clusters')).toBeNull();
    expect(screen.queryByText('Rescan')).toBeNull();
  });

  it('shows the ownership report when the backend has one, and nothing when it does not', async () => {
    const report: { items: OwnerReport[] } = {
      items: [
        {
          owner: 'group:default/team-orders',
          associationCount: 4,
          roleCount: 3,
          findings: { critical: 1, high: 2, medium: 0, low: 0, info: 0 },
          irsa: { podIdentity: 3, irsaOnly: 1, migrationPercent: 75 },
        },
        {
          owner: null,
          associationCount: 2,
          roleCount: 2,
          findings: { critical: 0, high: 0, medium: 0, low: 2, info: 0 },
          irsa: { podIdentity: 2, irsaOnly: 0, migrationPercent: 100 },
        },
      ],
    };
    await renderPage(fakeBackend({ getOwnersReport: async () => report }));
    const table = await screen.findByRole('table', {
      name: 'Ownership report',
    });
    expect(within(table).getByText('75 % (3 of 4)')).toBeInTheDocument();
    expect(within(table).getByText('No owner')).toBeInTheDocument();
    expect(within(table).getByText('high 2')).toBeInTheDocument();
  });

  it('leaves out the ownership section when the backend has no report', async () => {
    await renderPage(fakeBackend());
    await screen.findByText('team-orders/orders-api');
    expect(screen.queryByText('Ownership')).toBeNull();
  });

  it('exports every page of the current filter as CSV', async () => {
    const api = fakeBackend();
    const blobs: Blob[] = [];
    URL.createObjectURL = jest.fn((blob: Blob) => {
      blobs.push(blob);
      return 'blob:export';
    });
    URL.revokeObjectURL = jest.fn();
    const click = jest
      .spyOn(HTMLAnchorElement.prototype, 'click')
      .mockImplementation(() => {});
    await renderPage(api);
    await screen.findByText('team-orders/orders-api');

    fireEvent.click(screen.getByText('Export CSV'));
    expect(await screen.findByText('3 rows exported')).toBeInTheDocument();
    expect(api.callsOf('getAssociations').slice(-2)).toEqual([
      [{ limit: 500, cursor: undefined }],
      [{ limit: 500, cursor: 'page-2' }],
    ]);
    const csv = await blobs[0].text();
    expect(
      csv
        .trim()
        .split('\r\n')
        .map(line => line.split(',')[2]),
    ).toEqual([
      'serviceAccount',
      'orders-api',
      'event-relay',
      'payments-worker',
    ]);
    expect(click).toHaveBeenCalled();
    click.mockRestore();
  });

  it('shows loading, error and empty states of each section', async () => {
    await renderPage(
      fakeBackend({
        getClusters: () => Promise.reject(new Error('clusters unavailable')),
        getFindings: async () => ({
          items: [],
          totalCount: 0,
          summary: {
            bySeverity: { critical: 0, high: 0, medium: 0, low: 0, info: 0 },
            byCode: {},
          },
        }),
        getAssociations: async () => ({ items: [], totalCount: 0 }),
        getOwnersReport: pending,
      }),
    );
    expect(
      (await screen.findAllByText(/clusters unavailable/)).length,
    ).toBeGreaterThan(0);
    expect(
      await screen.findByText('No findings across the scanned clusters.'),
    ).toBeInTheDocument();
    expect(
      await screen.findByText('No association matches these filters.'),
    ).toBeInTheDocument();
    expect(screen.getByText('No rows')).toBeInTheDocument();
    // The ownership report is still loading.
    expect(screen.getByText('Ownership')).toBeInTheDocument();
  });
});
