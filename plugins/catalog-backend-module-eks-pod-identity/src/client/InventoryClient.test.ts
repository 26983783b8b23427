import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { mockServices } from '@backstage/backend-test-utils';
import { ResponseError } from '@backstage/errors';
import { InventoryClient } from './InventoryClient';

/** A stand-in backend answering each path with its queued bodies, in order. */
async function fakeBackend(
  pages: Record<string, { status?: number; body: unknown }[]>,
): Promise<{ server: Server; baseUrl: string; seen: IncomingMessage[] }> {
  const seen: IncomingMessage[] = [];
  const server = createServer((req, res) => {
    seen.push(req);
    const path = new URL(req.url!, 'http://x').pathname;
    const next = pages[path]?.shift();
    res.writeHead(next?.status ?? (next ? 200 : 404), {
      'Content-Type': 'application/json',
    });
    res.end(
      JSON.stringify(
        next?.body ?? { error: { name: 'NotFoundError', message: path } },
      ),
    );
  });
  await new Promise<void>(resolve => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    server,
    baseUrl: `http://127.0.0.1:${port}/api/eks-pod-identity`,
    seen,
  };
}

function clientFor(baseUrl: string) {
  return new InventoryClient({
    discovery: mockServices.discovery.mock({
      getBaseUrl: async () => baseUrl,
    }),
    auth: mockServices.auth(),
  });
}

describe('InventoryClient', () => {
  let server: Server | undefined;
  afterEach(() => server?.close());

  it('reads every page of associations with a service token, passing the cursor back', async () => {
    const backend = await fakeBackend({
      '/api/eks-pod-identity/v1/clusters': [
        { body: { items: [{ name: 'prod-use1' }], totalCount: 1 } },
      ],
      '/api/eks-pod-identity/v1/associations': [
        { body: { items: [{ id: 'a-1' }], totalCount: 2, nextCursor: 'c1=' } },
        { body: { items: [{ id: 'a-2' }], totalCount: 2 } },
      ],
    });
    server = backend.server;
    const { clusters, associations } = await clientFor(backend.baseUrl).read();
    expect(clusters.map(c => c.name)).toEqual(['prod-use1']);
    expect(associations.map(a => a.id)).toEqual(['a-1', 'a-2']);
    expect(backend.seen.map(r => r.url)).toEqual([
      '/api/eks-pod-identity/v1/clusters?limit=500',
      '/api/eks-pod-identity/v1/associations?limit=500',
      '/api/eks-pod-identity/v1/associations?limit=500&cursor=c1%3D',
    ]);
    for (const request of backend.seen) {
      expect(request.headers.authorization).toMatch(/^Bearer \S+/);
    }
  });

  it('rejects with the backend status and message, without the token', async () => {
    const backend = await fakeBackend({
      '/api/eks-pod-identity/v1/clusters': [
        {
          status: 403,
          body: {
            error: {
              name: 'NotAllowedError',
              message: 'Missing permission eks-pod-identity.inventory.read',
            },
          },
        },
      ],
    });
    server = backend.server;
    const error = await clientFor(backend.baseUrl)
      .read()
      .catch(e => e);
    expect(ResponseError.is(error)).toBe(true);
    expect(error.statusCode).toBe(403);
    expect(error.cause.message).toBe(
      'Missing permission eks-pod-identity.inventory.read',
    );
    const token = backend.seen[0].headers.authorization!.slice(
      'Bearer '.length,
    );
    expect(error.message).not.toContain(token);
  });
});
