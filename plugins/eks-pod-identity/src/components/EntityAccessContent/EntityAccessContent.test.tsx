import { fireEvent, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { renderInTestApp, TestApiProvider } from '@backstage/test-utils';
import { EntityProvider } from '@backstage/plugin-catalog-react';
import type { Entity } from '@backstage/catalog-model';
import { ResponseError } from '@backstage/errors';
import { eksPodIdentityApiRef } from '../../api';
import {
  FakeEksPodIdentityApi,
  pending,
} from '../../__testUtils__/FakeEksPodIdentityApi';
import {
  cluster,
  entityAccess,
  finding,
  ordersApiEntity,
  roleArn,
  roleDetail,
  serviceAccountAccess,
  unmappedEntity,
} from '../../__testUtils__/fixtures';
import { EntityAccessContent } from './EntityAccessContent';

function renderTab(
  api: FakeEksPodIdentityApi,
  entity: Entity = ordersApiEntity,
) {
  return renderInTestApp(
    <TestApiProvider apis={[[eksPodIdentityApiRef, api]]}>
      <EntityProvider entity={entity}>
        <EntityAccessContent />
      </EntityProvider>
    </TestApiProvider>,
  );
}

// Full MUI trees in jsdom on a shared CI machine: role queries over them take seconds.
jest.setTimeout(30_000);

describe('EntityAccessContent', () => {
  it('shows progress while the access is loading', async () => {
    await renderTab(new FakeEksPodIdentityApi({ getEntityAccess: pending }));
    expect(await screen.findByRole('progressbar')).toBeInTheDocument();
  });

  it('shows the backend error', async () => {
    const api = new FakeEksPodIdentityApi({
      getEntityAccess: () =>
        Promise.reject(new Error('inventory database unavailable')),
    });
    await renderTab(api);
    expect(
      (await screen.findAllByText(/inventory database unavailable/)).length,
    ).toBeGreaterThan(0);
  });

  it('explains both ways to map an entity, with a copyable annotation, when nothing is mapped', async () => {
    const api = new FakeEksPodIdentityApi({
      getEntityAccess: async () =>
        entityAccess({ entityRef: 'component:default/website', items: [] }),
    });
    await renderTab(api, unmappedEntity);
    expect(
      await screen.findByText(
        'This component is not mapped to any Kubernetes service account',
      ),
    ).toBeInTheDocument();
    expect(
      screen.getAllByText('backstage.io/kubernetes-id').length,
    ).toBeGreaterThan(0);
    expect(screen.getByText(/"\*:my-namespace\/website"/)).toBeInTheDocument();
    expect(screen.getByRole('button', { name: /copy/i })).toBeInTheDocument();
  });

  it('offers "Request access" on a component with no mapping yet, with its namespace filled in', async () => {
    const api = new FakeEksPodIdentityApi({
      getEntityAccess: async () =>
        entityAccess({ entityRef: 'component:default/website', items: [] }),
    });
    await renderTab(api, {
      ...unmappedEntity,
      metadata: {
        ...unmappedEntity.metadata,
        annotations: { 'backstage.io/kubernetes-namespace': 'team-web' },
      },
    });
    const link = (await screen.findByText('Request access')).closest('a')!;
    const [path, query] = link.getAttribute('href')!.split('?');
    expect(path).toBe(
      '/create/templates/default/eks-pod-identity-grant-access',
    );
    expect(JSON.parse(new URLSearchParams(query).get('formData')!)).toEqual({
      component: 'component:default/website',
      namespace: 'team-web',
    });
  });

  it('fills in only the component when it names no namespace', async () => {
    const api = new FakeEksPodIdentityApi({
      getEntityAccess: async () =>
        entityAccess({ entityRef: 'component:default/website', items: [] }),
    });
    await renderTab(api, unmappedEntity);
    const link = (await screen.findByText('Request access')).closest('a')!;
    expect(
      JSON.parse(
        new URLSearchParams(link.getAttribute('href')!.split('?')[1]).get(
          'formData',
        )!,
      ),
    ).toEqual({ component: 'component:default/website' });
  });

  it('says in words how each service account was mapped, and warns of a contested claim', async () => {
    const api = new FakeEksPodIdentityApi({
      getEntityAccess: async () =>
        entityAccess({
          items: [
            serviceAccountAccess({ serviceAccount: 'orders-api' }),
            serviceAccountAccess({
              serviceAccount: 'orders-worker',
              source: 'grant',
            }),
            serviceAccountAccess({
              serviceAccount: 'payments-worker',
              namespace: 'team-payments',
              source: 'kubernetes-id',
              contestedBy: ['component:default/payments-worker'],
            }),
          ],
        }),
    });
    await renderTab(api);
    const card = async (title: string) =>
      within(
        (await screen.findByText(title)).closest(
          'article, .MuiCard-root',
        ) as HTMLElement,
      );
    expect(
      (await card('team-orders/orders-api')).getByText(
        /named in the eks-pod-identity\/service-accounts annotation/,
      ),
    ).toBeInTheDocument();
    const granted = await card('team-orders/orders-worker');
    expect(granted.getByText(/granted through Backstage/)).toBeInTheDocument();
    expect(granted.queryByText(/Contested/)).toBeNull();
    const contested = await card('team-payments/payments-worker');
    expect(
      contested.getByText(/backstage.io\/kubernetes-id label/),
    ).toBeInTheDocument();
    expect(
      contested.getByText(
        /Contested: .* while component:default\/payments-worker has an equal or better claim/,
      ),
    ).toBeInTheDocument();
  });

  it('says the annotation matched nothing when an annotated entity has no service account', async () => {
    const api = new FakeEksPodIdentityApi({
      getEntityAccess: async () => entityAccess({ items: [] }),
    });
    await renderTab(api);
    expect(
      await screen.findByText(
        'No service account of this component was found on the scanned clusters',
      ),
    ).toBeInTheDocument();
  });

  it('asks for the entity it renders', async () => {
    const api = new FakeEksPodIdentityApi({
      getEntityAccess: async () => entityAccess(),
    });
    await renderTab(api);
    // Each service account is a heading, for screen readers and in-page navigation.
    await screen.findByRole('heading', { name: 'team-orders/orders-api' });
    expect(api.callsOf('getEntityAccess')).toEqual([
      [{ kind: 'Component', namespace: 'default', name: 'orders-api' }],
    ]);
  });

  it('shows the service account, its association, its role with a console link, access and findings worst first', async () => {
    const api = new FakeEksPodIdentityApi({
      getEntityAccess: async () => entityAccess(),
    });
    await renderTab(api);

    const card = (await screen.findByText('team-orders/orders-api')).closest(
      'article, .MuiCard-root',
    ) as HTMLElement;
    const view = within(card);
    expect(view.getByText('on cluster prod-use1')).toBeInTheDocument();
    expect(
      view.getByText(
        'named in the eks-pod-identity/service-accounts annotation',
      ),
    ).toBeInTheDocument();
    expect(view.getByText('a-0123456789abcdef0')).toBeInTheDocument();
    expect(view.getByText('enabled')).toBeInTheDocument();

    const roleLink = view.getByRole('link', { name: new RegExp(roleArn) });
    expect(roleLink).toHaveAttribute(
      'href',
      'https://console.aws.amazon.com/iam/home#/roles/details/orders-api',
    );
    expect(
      view.getByText('arn:aws:iam::111111111111:policy/backstage-boundary'),
    ).toBeInTheDocument();

    const table = view.getByRole('table', {
      name: 'Effective access by service',
    });
    const s3Row = within(table).getByText('s3').closest('tr')!;
    expect(
      within(s3Row)
        .getAllByRole('cell')
        .map(c => c.textContent),
    ).toEqual(['s3', '1', '2', '1', '·', '·', 'arn:aws:s3:::orders-data/*']);
    const sqsRow = within(table).getByText('sqs').closest('tr')!;
    expect(
      within(sqsRow).getByRole('img', { name: 'applies to every resource' }),
    ).toBeInTheDocument();
    expect(
      within(s3Row).queryByRole('img', { name: 'applies to every resource' }),
    ).toBeNull();

    const findings = within(
      view.getByRole('list', { name: 'Findings' }),
    ).getAllByRole('listitem');
    expect(
      findings.map(f => within(f).getByText(/^[A-Z_]+$/).textContent),
    ).toEqual(['POLICY_WILDCARD_ACTION', 'TRUST_UNSCOPED']);
    expect(
      within(findings[0]).getByText(/POLICY_WILDCARD_ACTION remediation/),
    ).toBeInTheDocument();
  });

  it('shows the IRSA state, a missing association and a role that does not exist', async () => {
    const api = new FakeEksPodIdentityApi({
      getEntityAccess: async () =>
        entityAccess({
          items: [
            serviceAccountAccess({
              association: undefined,
              role: undefined,
              irsaRoleArn: 'arn:aws:iam::111111111111:role/payments-api-irsa',
              access: { admin: false, services: [] },
              findings: [finding('IRSA_ONLY', 'info')],
            }),
            serviceAccountAccess({
              serviceAccount: 'order-archiver',
              role: {
                arn: 'arn:aws:iam::111111111111:role/order-archiver',
                name: 'order-archiver',
                accountId: '111111111111',
                state: 'notFound',
              },
            }),
          ],
        }),
    });
    await renderTab(api);
    expect(
      await screen.findByText(
        /uses arn:aws:iam::111111111111:role\/payments-api-irsa \(candidate for migration/,
      ),
    ).toBeInTheDocument();
    expect(screen.getByText(/No Pod Identity association/)).toBeInTheDocument();
    expect(
      screen.getByText('No AWS actions are effectively allowed.'),
    ).toBeInTheDocument();
    expect(
      screen.getByText('This role does not exist in IAM.'),
    ).toBeInTheDocument();
  });

  it('warns about a stale cluster and a cluster not scanned yet', async () => {
    const api = new FakeEksPodIdentityApi({
      getEntityAccess: async () =>
        entityAccess({
          clusters: [
            cluster('prod-use1', {
              status: 'error',
              stale: true,
              error: 'connect ETIMEDOUT',
            }),
            cluster('staging-use1', {
              status: 'pending',
              lastScanAt: undefined,
            }),
            cluster('prod-euw1'),
          ],
        }),
    });
    await renderTab(api);
    expect(
      await screen.findByText(
        'Error: Cluster prod-use1 is unreachable: showing data from an earlier scan',
      ),
    ).toBeInTheDocument();
    expect(screen.getByText(/connect ETIMEDOUT/)).toBeVisible();
    expect(
      screen.getByText(
        'Warning: Cluster staging-use1 has not been scanned yet',
      ),
    ).toBeInTheDocument();
    expect(screen.queryByText(/Cluster prod-euw1/)).toBeNull();
  });

  it('links "Request access" to the grant-access template with the entity and service account filled in', async () => {
    const api = new FakeEksPodIdentityApi({
      getEntityAccess: async () => entityAccess(),
    });
    await renderTab(api);
    const general = (await screen.findByText('Request access')).closest('a')!;
    const [path, query] = general.getAttribute('href')!.split('?');
    expect(path).toBe(
      '/create/templates/default/eks-pod-identity-grant-access',
    );
    expect(JSON.parse(new URLSearchParams(query).get('formData')!)).toEqual({
      component: 'component:default/orders-api',
    });
    const perAccount = screen.getByText('Request more access').closest('a')!;
    expect(
      JSON.parse(
        new URLSearchParams(perAccount.getAttribute('href')!.split('?')[1]).get(
          'formData',
        )!,
      ),
    ).toEqual({
      component: 'component:default/orders-api',
      cluster: 'prod-use1',
      namespace: 'team-orders',
      serviceAccount: 'orders-api',
    });
  });

  it('fetches the policy documents only when they are opened', async () => {
    const api = new FakeEksPodIdentityApi({
      getEntityAccess: async () => entityAccess(),
      getRole: async () => roleDetail,
    });
    await renderTab(api);
    const toggle = await screen.findByRole('button', {
      name: /Trust and permissions policies of orders-api/,
    });
    expect(api.callsOf('getRole')).toEqual([]);

    await userEvent.click(toggle);
    expect(
      await screen.findByRole('button', { name: /Trust policy/ }),
    ).toBeInTheDocument();
    expect(api.callsOf('getRole')).toEqual([[roleArn]]);
    expect(
      screen.getByRole('button', { name: /Managed policy orders-data-read/ }),
    ).toBeInTheDocument();
    expect(
      screen.getByRole('button', { name: /Inline policy queue/ }),
    ).toBeInTheDocument();

    await userEvent.click(screen.getByRole('button', { name: /Trust policy/ }));
    expect(
      await screen.findByText(/pods\.eks\.amazonaws\.com/),
    ).toBeInTheDocument();
  });

  it('explains that policy documents need the inventory permission when the backend refuses', async () => {
    const forbidden = await ResponseError.fromResponse(
      new Response(
        JSON.stringify({
          error: { name: 'NotAllowedError', message: 'Forbidden' },
          response: { statusCode: 403 },
        }),
        {
          status: 403,
        },
      ),
    );
    const api = new FakeEksPodIdentityApi({
      getEntityAccess: async () => entityAccess(),
      getRole: () => Promise.reject(forbidden),
    });
    await renderTab(api);
    fireEvent.click(
      await screen.findByRole('button', {
        name: /Trust and permissions policies/,
      }),
    );
    expect(
      await screen.findByText(
        /needs the eks-pod-identity.inventory.read permission/,
      ),
    ).toBeInTheDocument();
  });

  it('waits for the inventory before offering the tab content', async () => {
    let resolve: (v: ReturnType<typeof entityAccess>) => void = () => {};
    const api = new FakeEksPodIdentityApi({
      getEntityAccess: () => new Promise(r => (resolve = r)),
    });
    await renderTab(api);
    expect(screen.queryByText('team-orders/orders-api')).toBeNull();
    resolve(entityAccess());
    await waitFor(() =>
      expect(screen.getByText('team-orders/orders-api')).toBeInTheDocument(),
    );
  });
});
