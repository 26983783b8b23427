import type { Entity } from '@backstage/catalog-model';
import type { Server } from 'node:http';
import { apiClient, refusalOf } from '../../__testUtils__/apiClient';
import {
  ADMIN,
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
  let server: Server;
  const changes = (
    query: { entityRef?: string; since?: string; cursor?: string },
    user?: string,
  ) => apiClient(server, user).GET('/v1/changes', { params: { query } });

  beforeAll(async () => {
    ({ server } = await startPluginBackend({ entities: [ORDERS] }));
  });

  it("serves an entity's history to whoever may see the entity", async () => {
    const entityRef = 'component:default/orders-api';
    const { data } = await changes({ entityRef }, DEVELOPER);
    expect(data).toEqual({ items: [], totalCount: 0 });
    const hidden = await refusalOf(changes({ entityRef }, OUTSIDER));
    expect(hidden.status).toBe(404);
  });

  it('serves every change only to inventory readers', async () => {
    const { response } = await changes({}, ADMIN);
    expect(response.status).toBe(200);
    const denied = await refusalOf(changes({}, DEVELOPER));
    expect(denied.status).toBe(403);
    expect(denied.error.message).toBe(
      'This needs the eks-pod-identity.inventory.read permission',
    );
    const anonymous = await refusalOf(changes({}));
    expect(anonymous.status).toBe(401);
  });

  it('names the bad parameter and the fix', async () => {
    const bad = async (query: Parameters<typeof changes>[0]) => {
      const refused = await refusalOf(changes(query, ADMIN));
      expect(refused.status).toBe(400);
      return refused.error.message;
    };
    expect(await bad({ since: 'yesterday' })).toMatch(
      /query parameter 'since' must be an ISO 8601 date or time/,
    );
    expect(await bad({ entityRef: 'component:' })).toMatch(
      /query parameter 'entityRef'/,
    );
    expect(await bad({ cursor: 'nonsense' })).toMatch(
      /'cursor' is not a cursor/,
    );
  });
});
