export { awsClientFactoryServiceRef } from './awsClientFactoryServiceRef';
export { clusterDirectoryServiceRef } from './clusterDirectoryServiceRef';
export { eksPodIdentityConfigServiceRef } from './eksPodIdentityConfigServiceRef';
