import {
  createAssociation,
  deleteAssociation,
  describeAssociation,
  listAssociations,
  updateAssociation,
} from './associations';
import {
  createAddon,
  deleteAddon,
  describeAddon,
  describeAddonVersions,
  listAddons,
} from './addons';
import { describeCluster, listClusters } from './clusters';
import {
  associateAccessPolicy,
  createAccessEntry,
  deleteAccessEntry,
  describeAccessEntry,
  disassociateAccessPolicy,
  listAccessEntries,
  listAccessPolicies,
  listAssociatedAccessPolicies,
  updateAccessEntry,
} from './accessEntries';
import type { EksRoute } from './service';
import { listTagsForResource, tagResource, untagResource } from './tags';

const ASSOCIATIONS = '/clusters/{clusterName}/pod-identity-associations';
const ACCESS_ENTRIES = '/clusters/{clusterName}/access-entries';
const ACCESS_ENTRY = `${ACCESS_ENTRIES}/{principalArn}`;

const accessEntryRoutes: EksRoute[] = [
  ['CreateAccessEntry', 'POST', ACCESS_ENTRIES, createAccessEntry],
  ['ListAccessEntries', 'GET', ACCESS_ENTRIES, listAccessEntries],
  ['DescribeAccessEntry', 'GET', ACCESS_ENTRY, describeAccessEntry],
  ['UpdateAccessEntry', 'POST', ACCESS_ENTRY, updateAccessEntry],
  ['DeleteAccessEntry', 'DELETE', ACCESS_ENTRY, deleteAccessEntry],
  [
    'AssociateAccessPolicy',
    'POST',
    `${ACCESS_ENTRY}/access-policies`,
    associateAccessPolicy,
  ],
  [
    'ListAssociatedAccessPolicies',
    'GET',
    `${ACCESS_ENTRY}/access-policies`,
    listAssociatedAccessPolicies,
  ],
  [
    'DisassociateAccessPolicy',
    'DELETE',
    `${ACCESS_ENTRY}/access-policies/{policyArn}`,
    disassociateAccessPolicy,
  ],
  ['ListAccessPolicies', 'GET', '/access-policies', listAccessPolicies],
].map(([operation, method, path, handler]) => ({
  operation,
  method,
  path,
  handler,
})) as EksRoute[];

/** EKS API 2017-11-01: the operations the sandbox serves, with the reference's paths. */
export const eksRoutes: EksRoute[] = [
  {
    operation: 'ListClusters',
    method: 'GET',
    path: '/clusters',
    handler: listClusters,
  },
  {
    operation: 'DescribeCluster',
    method: 'GET',
    path: '/clusters/{name}',
    handler: describeCluster,
  },
  {
    operation: 'ListAddons',
    method: 'GET',
    path: '/clusters/{clusterName}/addons',
    handler: listAddons,
  },
  {
    operation: 'DescribeAddon',
    method: 'GET',
    path: '/clusters/{clusterName}/addons/{addonName}',
    handler: describeAddon,
  },
  {
    operation: 'CreateAddon',
    method: 'POST',
    path: '/clusters/{clusterName}/addons',
    handler: createAddon,
  },
  {
    operation: 'DeleteAddon',
    method: 'DELETE',
    path: '/clusters/{clusterName}/addons/{addonName}',
    handler: deleteAddon,
  },
  {
    operation: 'DescribeAddonVersions',
    method: 'GET',
    path: '/addons/supported-versions',
    handler: describeAddonVersions,
  },
  {
    operation: 'CreatePodIdentityAssociation',
    method: 'POST',
    path: ASSOCIATIONS,
    handler: createAssociation,
  },
  {
    operation: 'ListPodIdentityAssociations',
    method: 'GET',
    path: ASSOCIATIONS,
    handler: listAssociations,
  },
  {
    operation: 'DescribePodIdentityAssociation',
    method: 'GET',
    path: `${ASSOCIATIONS}/{associationId}`,
    handler: describeAssociation,
  },
  {
    operation: 'UpdatePodIdentityAssociation',
    method: 'POST',
    path: `${ASSOCIATIONS}/{associationId}`,
    handler: updateAssociation,
  },
  {
    operation: 'DeletePodIdentityAssociation',
    method: 'DELETE',
    path: `${ASSOCIATIONS}/{associationId}`,
    handler: deleteAssociation,
  },
  {
    operation: 'TagResource',
    method: 'POST',
    path: '/tags/{resourceArn}',
    handler: tagResource,
  },
  {
    operation: 'UntagResource',
    method: 'DELETE',
    path: '/tags/{resourceArn}',
    handler: untagResource,
  },
  {
    operation: 'ListTagsForResource',
    method: 'GET',
    path: '/tags/{resourceArn}',
    handler: listTagsForResource,
  },
  ...accessEntryRoutes,
];
