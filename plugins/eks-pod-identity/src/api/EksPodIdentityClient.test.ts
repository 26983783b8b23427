import { ResponseError } from '@backstage/errors';
import { EksPodIdentityClient } from './EksPodIdentityClient';

const baseUrl = 'http://backstage.test/api/eks-pod-identity';

/** Records each request and answers with the next queued response. */
function fakeBackend(...responses: Response[]) {
  const requests: { url: string; method: string; body?: unknown }[] = [];
  const client = new EksPodIdentityClient({
    discoveryApi: { getBaseUrl: async id => `http://backstage.test/api/${id}` },
    fetchApi: {
      // Called the way fetch is: a URL and an init, as Backstage's fetch
      // middlewares expect (they rebuild the request from both).
      fetch: async (input, init) => {
        const request = new Request(input, init);
        const text = await request.text();
        requests.push({
          url: request.url,
          method: request.method,
          body: text ? JSON.parse(text) : undefined,
        });
        const next = responses.shift();
        if (!next) throw new Error(`unexpected request ${request.url}`);
        return next;
      },
    },
  });
  return { client, requests };
}

const json = (body: unknown, status = 200) =>
  new Response(JSON.stringify(body), {
    status,
    headers: { 'Content-Type': 'application/json' },
  });

describe('EksPodIdentityClient', () => {
  it('puts the entity ref into the access route, lower-casing the kind', async () => {
    const { client, requests } = fakeBackend(
      json({
        entityRef: 'component:default/orders-api',
        clusters: [],
        items: [],
      }),
    );
    const result = await client.getEntityAccess({
      kind: 'Component',
      namespace: 'default',
      name: 'orders-api',
    });
    expect(requests[0].url).toBe(
      `${baseUrl}/v1/entity/default/component/orders-api/access`,
    );
    expect(result.entityRef).toBe('component:default/orders-api');
  });

  it('URL-encodes a role ARN as one path segment', async () => {
    const { client, requests } = fakeBackend(json({ arn: 'x' }));
    await client.getRole('arn:aws:iam::111111111111:role/backstage/orders-api');
    expect(requests[0].url).toBe(
      `${baseUrl}/v1/roles/arn%3Aaws%3Aiam%3A%3A111111111111%3Arole%2Fbackstage%2Forders-api`,
    );
  });

  it('sends only the association filters that are set', async () => {
    const { client, requests } = fakeBackend(
      json({ items: [], totalCount: 0 }),
    );
    await client.getAssociations({
      cluster: 'prod-use1',
      namespace: undefined,
      finding: 'ROLE_SHARED',
      limit: 25,
      cursor: 'abc=',
    });
    const url = new URL(requests[0].url);
    expect(url.pathname).toBe('/api/eks-pod-identity/v1/associations');
    expect(Object.fromEntries(url.searchParams)).toEqual({
      cluster: 'prod-use1',
      finding: 'ROLE_SHARED',
      limit: '25',
      cursor: 'abc=',
    });
  });

  it('reads every page of clusters, passing the cursor back unchanged', async () => {
    const { client, requests } = fakeBackend(
      json({ items: [{ name: 'a' }], totalCount: 2, nextCursor: 'next=' }),
      json({ items: [{ name: 'b' }], totalCount: 2 }),
    );
    const { items } = await client.getClusters();
    expect(items.map(c => c.name)).toEqual(['a', 'b']);
    expect(
      requests.map(r => Object.fromEntries(new URL(r.url).searchParams)),
    ).toEqual([{ limit: '500' }, { limit: '500', cursor: 'next=' }]);
  });

  it('asks for one page of findings with the filters and the page size', async () => {
    const { client, requests } = fakeBackend(
      json({
        items: [],
        totalCount: 0,
        summary: { bySeverity: {}, byCode: {} },
      }),
    );
    await client.getFindings({ code: 'ROLE_SHARED', cluster: '', limit: 50 });
    const url = new URL(requests[0].url);
    expect(url.pathname).toBe('/api/eks-pod-identity/v1/findings');
    expect(Object.fromEntries(url.searchParams)).toEqual({
      code: 'ROLE_SHARED',
      limit: '50',
    });
  });

  it('posts simulations and refreshes as JSON', async () => {
    const { client, requests } = fakeBackend(
      json({ results: [] }),
      new Response(null, { status: 202 }),
    );
    await client.simulate({
      entityRef: 'component:default/orders-api',
      action: 's3:GetObject',
      resource: '*',
    });
    await client.refresh({ cluster: 'prod-use1' });
    expect(requests).toEqual([
      {
        url: `${baseUrl}/v1/simulate`,
        method: 'POST',
        body: {
          entityRef: 'component:default/orders-api',
          action: 's3:GetObject',
          resource: '*',
        },
      },
      {
        url: `${baseUrl}/v1/refresh`,
        method: 'POST',
        body: { cluster: 'prod-use1' },
      },
    ]);
  });

  it('asks for action suggestions with the typed text', async () => {
    const { client, requests } = fakeBackend(json({ items: [] }));
    await client.suggestActions('s3:Get');
    expect(requests[0].url).toBe(`${baseUrl}/v1/actions?q=s3%3AGet`);
  });

  it('surfaces backend errors as ResponseError with the server message', async () => {
    const { client } = fakeBackend(
      json(
        {
          error: {
            name: 'NotAllowedError',
            message: 'Missing permission eks-pod-identity.refresh',
          },
        },
        403,
      ),
    );
    const error = await client.refresh().catch(e => e);
    expect(ResponseError.is(error)).toBe(true);
    expect(error.statusCode).toBe(403);
    expect(error.cause.message).toBe(
      'Missing permission eks-pod-identity.refresh',
    );
  });

  it('reports a backend without the owners route as no report, and other errors as errors', async () => {
    const { client } = fakeBackend(
      json({ error: { name: 'NotFoundError', message: 'Not found' } }, 404),
      json({ items: [{ owner: null }], totalCount: 1 }),
      json({ error: { name: 'Error', message: 'boom' } }, 500),
    );
    await expect(client.getOwnersReport()).resolves.toBeUndefined();
    await expect(client.getOwnersReport()).resolves.toEqual({
      items: [{ owner: null }],
    });
    const error = await client.getOwnersReport().catch(e => e);
    expect(error.statusCode).toBe(500);
    expect(error.cause.message).toBe('boom');
  });
});
