import type { QueryService } from '../query/service';
import { getAccountAuthorizationDetails } from './authorizationDetails';
import {
  generateServiceLastAccessedDetails,
  getServiceLastAccessedDetails,
} from './lastAccessed';
import {
  createPolicy,
  deletePolicy,
  getPolicy,
  getPolicyVersion,
  listPolicies,
} from './policies';
import {
  attachRolePolicy,
  deleteRolePolicy,
  detachRolePolicy,
  getRolePolicy,
  listAttachedRolePolicies,
  listRolePolicies,
  putRolePolicy,
} from './rolePolicies';
import {
  createRole,
  deleteRole,
  deleteRolePermissionsBoundary,
  getRole,
  listRoles,
  putRolePermissionsBoundary,
  tagRole,
  untagRole,
  updateAssumeRolePolicy,
} from './roles';

export const iamService: QueryService = {
  name: 'iam',
  version: '2010-05-08',
  namespace: 'https://iam.amazonaws.com/doc/2010-05-08/',
  handlers: {
    CreateRole: createRole,
    GetRole: getRole,
    ListRoles: listRoles,
    DeleteRole: deleteRole,
    UpdateAssumeRolePolicy: updateAssumeRolePolicy,
    TagRole: tagRole,
    UntagRole: untagRole,
    PutRolePermissionsBoundary: putRolePermissionsBoundary,
    DeleteRolePermissionsBoundary: deleteRolePermissionsBoundary,
    AttachRolePolicy: attachRolePolicy,
    DetachRolePolicy: detachRolePolicy,
    ListAttachedRolePolicies: listAttachedRolePolicies,
    PutRolePolicy: putRolePolicy,
    GetRolePolicy: getRolePolicy,
    DeleteRolePolicy: deleteRolePolicy,
    ListRolePolicies: listRolePolicies,
    CreatePolicy: createPolicy,
    GetPolicy: getPolicy,
    GetPolicyVersion: getPolicyVersion,
    DeletePolicy: deletePolicy,
    ListPolicies: listPolicies,
    GetAccountAuthorizationDetails: getAccountAuthorizationDetails,
    GenerateServiceLastAccessedDetails: generateServiceLastAccessedDetails,
    GetServiceLastAccessedDetails: getServiceLastAccessedDetails,
  },
};
