import { ResponseError } from '@backstage/errors';
import type { AddressInfo } from 'node:net';
import type { Server } from 'node:http';
import {
  createEksPodIdentityApiClient,
  type EksPodIdentityApiClient,
} from '@pod-identity/plugin-eks-pod-identity-common';
import { ADMIN, as } from './testBackend';

/**
 * The generated client against a test backend, signed in as `user` (or
 * anonymous without one): the tests read responses through the spec's types,
 * so a response that drifts from the contract fails to compile or to match.
 */
export function apiClient(
  server: Server,
  user?: string,
): EksPodIdentityApiClient {
  const { port } = server.address() as AddressInfo;
  return createEksPodIdentityApiClient({
    baseUrl: `http://127.0.0.1:${port}/api/eks-pod-identity`,
    headers: user ? as(user) : undefined,
  });
}

/**
 * The refusal of a call that must fail. The client rejects every error status
 * with a `ResponseError`; this reads its status and the backend's
 * `{error:{name,message}}`, typed.
 */
export async function refusalOf(
  call: Promise<unknown>,
): Promise<{ status: number; error: ResponseError['body']['error'] }> {
  try {
    await call;
  } catch (error) {
    if (error instanceof ResponseError) {
      return { status: error.response.status, error: error.body.error };
    }
    throw error;
  }
  throw new Error('Expected the call to be refused, but it succeeded');
}

/**
 * A refresh as an inventory admin (of everything, or of one cluster), done
 * when this resolves: the route scans before it answers 202.
 */
export async function refreshInventory(
  server: Server,
  body: { cluster?: string } = {},
): Promise<void> {
  const { response } = await apiClient(server, ADMIN).POST('/v1/refresh', {
    body,
  });
  if (response.status !== 202) {
    throw new Error(`refresh answered ${response.status}, not 202`);
  }
}

/** The entity access of `component:default/<name>`, read as the client's user. */
export async function entityAccess(
  client: EksPodIdentityApiClient,
  name: string,
) {
  const { data } = await client.GET(
    '/v1/entity/{namespace}/{kind}/{name}/access',
    { params: { path: { namespace: 'default', kind: 'component', name } } },
  );
  return data!;
}

/** Every item of a list route, page after page. */
export async function readAllPages<T>(
  page: (cursor?: string) => Promise<{
    data?: { items: T[]; nextCursor?: string };
  }>,
): Promise<T[]> {
  const items: T[] = [];
  let cursor: string | undefined;
  do {
    const { data } = await page(cursor);
    items.push(...data!.items);
    cursor = data!.nextCursor;
  } while (cursor);
  return items;
}
