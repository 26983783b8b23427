import type { RequestContext } from '../context';
import { decodePageToken, pageAfter } from '../paging';
import { QueryParams, validationError } from '../query/params';
import type { XmlValue } from '../query/xml';
import type { ManagedPolicyState, RoleState } from '../../state/model';
import { storedTrustPolicy } from './trustPrincipals';
import { policyUsages, renderPolicyDetail, renderRoleDetail } from './render';
import { readMarker, readMaxItems } from './validate';

const FILTERS = [
  'User',
  'Role',
  'Group',
  'LocalManagedPolicy',
  'AWSManagedPolicy',
];

type Item =
  | { key: string; role: RoleState }
  | { key: string; policy: ManagedPolicyState };

/**
 * Roles, then customer-managed policies, then the AWS-managed policies
 * in use in the account, attached or as a boundary (IAM leaves the others out), paged
 * as one list. The sandbox has no users or groups.
 */
export function getAccountAuthorizationDetails(
  params: QueryParams,
  ctx: RequestContext,
): XmlValue {
  const filter = params.list('Filter');
  for (const value of filter) {
    if (!FILTERS.includes(value)) {
      throw validationError(
        'Filter',
        value,
        `Member must satisfy enum value set: [${FILTERS.join(', ')}]`,
      );
    }
  }
  const wants = (kind: string) => filter.length === 0 || filter.includes(kind);
  const maxItems = readMaxItems(params);
  const after = readMarker(params, decodePageToken);
  const { account } = ctx.caller;
  const usageOf = policyUsages(account);

  const items: Item[] = [];
  if (wants('Role')) {
    for (const role of account.roles.values()) {
      items.push({ key: `1:${role.name.toLowerCase()}`, role });
    }
  }
  if (wants('LocalManagedPolicy')) {
    for (const policy of account.policies.values()) {
      items.push({ key: `2:${policy.arn}`, policy });
    }
  }
  if (wants('AWSManagedPolicy')) {
    for (const policy of ctx.state.awsManagedPolicies.values()) {
      const usage = usageOf(policy.arn);
      if (usage.attachments > 0 || usage.boundaries > 0) {
        items.push({ key: `3:${policy.arn}`, policy });
      }
    }
  }
  items.sort((a, b) => (a.key < b.key ? -1 : 1));
  const page = pageAfter(items, item => item.key, after, maxItems);
  const roles = page.items.flatMap(item => ('role' in item ? [item.role] : []));
  const policies = page.items.flatMap(item =>
    'policy' in item ? [item.policy] : [],
  );
  return {
    UserDetailList: [],
    GroupDetailList: [],
    RoleDetailList: roles.map(role =>
      renderRoleDetail(
        role,
        account,
        ctx.state.awsManagedPolicies,
        storedTrustPolicy(ctx.state, role),
      ),
    ),
    Policies: policies.map(policy =>
      renderPolicyDetail(policy, usageOf(policy.arn)),
    ),
    IsTruncated: page.nextToken !== undefined,
    Marker: page.nextToken,
  };
}
