export { eksPodIdentityApiRef } from './EksPodIdentityApi';
export type { EksPodIdentityApi, FindingsQuery } from './EksPodIdentityApi';
export { EksPodIdentityClient } from './EksPodIdentityClient';
