import createClient, { type Client } from 'openapi-fetch';
import type { paths } from '../schema/openapi/generated/types';
import { toResponseError } from './responseError';

/**
 * Typed client of the eks-pod-identity backend's REST API: paths, parameters,
 * bodies and responses all come from the OpenAPI spec
 * (plugins/eks-pod-identity-backend/src/schema/openapi.yaml).
 *
 * @public
 */
export type EksPodIdentityApiClient = Client<paths>;

/** @public */
export interface EksPodIdentityApiClientOptions {
  /** The plugin's base URL, from the discovery service. */
  baseUrl: string;
  /** Defaults to the global fetch; the frontend passes its FetchApi's, which adds the user's token. */
  fetch?: (input: Request) => Promise<Response>;
  /** Sent with every request, e.g. a service token's Authorization header. */
  headers?: Record<string, string>;
}

/**
 * Makes a typed client. A response with an error status rejects with a
 * `ResponseError` that carries the backend's `{error:{name,message}}`, so a
 * resolved call always has `data`.
 *
 * @public
 */
export function createEksPodIdentityApiClient(
  options: EksPodIdentityApiClientOptions,
): EksPodIdentityApiClient {
  const client = createClient<paths>({
    baseUrl: options.baseUrl,
    headers: options.headers,
    ...(options.fetch ? { fetch: options.fetch } : {}),
  });
  client.use({
    async onResponse({ response }) {
      if (!response.ok) throw await toResponseError(response);
      return undefined;
    },
  });
  return client;
}
