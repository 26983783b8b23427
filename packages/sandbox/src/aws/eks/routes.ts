import {
  createAssociation,
  deleteAssociation,
  describeAssociation,
  listAssociations,
  updateAssociation,
} from './associations';
import {
  describeAddon,
  describeCluster,
  listAddons,
  listClusters,
} from './clusters';
import type { EksRoute } from './service';
import { listTagsForResource, tagResource, untagResource } from './tags';

const ASSOCIATIONS = '/clusters/{clusterName}/pod-identity-associations';

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
];
