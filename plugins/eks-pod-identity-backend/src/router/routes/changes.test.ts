import type { Entity } from '@backstage/catalog-model';
import request from 'supertest';
import {
  ADMIN,
  as,
  DEVELOPER,
  OUTSIDER,
  startPluginBackend,
} from '../../__testUtils__/testBackend';

jest.setTimeout(60_000);

const ORDERS: Entity = {
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'Component',
  metadata: { namespace: 'default', name: 'orders-api' },
  spec: { type: 'service', lifecycle: 'production', owner: 'team-orders' },
};

describe('GET /v1/changes', () => {
  let server: Parameters<typeof request>[0];
  const get = (query: string, user: string) =>
    request(server)
      .get(`/api/eks-pod-identity/v1/changes${query}`)
      .set(as(user));

  beforeAll(async () => {
    ({ server } = await startPluginBackend({ entities: [ORDERS] }));
  });

  it("serves an entity's history to whoever may see the entity", async () => {
    const res = await get(
      '?entityRef=component:default/orders-api',
      DEVELOPER,
    ).expect(200);
    expect(res.body).toEqual({ items: [], totalCount: 0 });
    await get('?entityRef=component:default/orders-api', OUTSIDER).expect(404);
  });

  it('serves every change only to inventory readers', async () => {
    await get('', ADMIN).expect(200);
    const res = await get('', DEVELOPER).expect(403);
    expect(res.body.error.message).toBe(
      'This needs the eks-pod-identity.inventory.read permission',
    );
    await request(server).get('/api/eks-pod-identity/v1/changes').expect(401);
  });

  it('names the bad parameter and the fix', async () => {
    const since = await get('?since=yesterday', ADMIN).expect(400);
    expect(since.body.error.message).toMatch(
      /query parameter 'since' must be an ISO 8601 date or time/,
    );
    const ref = await get('?entityRef=component:', ADMIN).expect(400);
    expect(ref.body.error.message).toMatch(/query parameter 'entityRef'/);
    const cursor = await get('?cursor=nonsense', ADMIN).expect(400);
    expect(cursor.body.error.message).toMatch(/'cursor' is not a cursor/);
  });
});
