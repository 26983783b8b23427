export {
  createEksPodIdentityApiClient,
  type EksPodIdentityApiClient,
  type EksPodIdentityApiClientOptions,
} from './EksPodIdentityApiClient';
export { toResponseError } from './responseError';
export type {
  paths as EksPodIdentityApiPaths,
  components as EksPodIdentityApiComponents,
  operations as EksPodIdentityApiOperations,
} from '../schema/openapi/generated/types';
