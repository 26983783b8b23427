import { InputError, NotFoundError } from '@backstage/errors';
import {
  eksPodIdentityInventoryReadPermission,
  validateArn,
} from '@pod-identity/plugin-eks-pod-identity-common';
import { requirePermission } from '../authorize';
import { sendSnapshotJson } from '../cachedJson';
import type { RouterOptions, SpecHandler } from '../types';

/** `GET /v1/roles/:roleArn`, the ARN URL-encoded as one path segment. */
export function getRole(
  options: RouterOptions,
): SpecHandler<'/v1/roles/{roleArn}', 'get'> {
  return async (req, res) => {
    await requirePermission(
      req,
      options,
      eksPodIdentityInventoryReadPermission,
    );
    const roleArn = req.params.roleArn;
    if (validateArn(roleArn, 'iam-role', 'roleArn').length > 0) {
      throw new InputError(
        `Invalid request: path parameter 'roleArn' must be an IAM role ARN such as arn:aws:iam::111122223333:role/my-role, URL-encoded; got '${roleArn}'`,
      );
    }
    const view = await options.readModel.current();
    const detail = view.roleDetail(roleArn);
    if (!detail) {
      const { accountId, state } = view.roleSummary(roleArn);
      throw new NotFoundError(
        state === 'notFound'
          ? `Role ${roleArn} does not exist in account ${accountId} as of the last scan`
          : `Role ${roleArn} is not in the inventory: account ${accountId} is not readable (no credentials configured for it under aws.accounts, or its IAM read failed)`,
      );
    }
    sendSnapshotJson(req, res, view, `role ${roleArn}`, () => detail);
  };
}
