import { InputError } from '@backstage/errors';
import type { ActionsResponse } from '@pod-identity/plugin-eks-pod-identity-common';
import { ActionCatalogue } from '@pod-identity/plugin-eks-pod-identity-node';
import type { RouterOptions, SpecHandler } from '../types';

export const MAX_ACTION_SUGGESTIONS = 20;

/**
 * `GET /v1/actions?q=`: IAM action autocomplete (prefix, then substring),
 * so the frontend never ships the action catalogue. Any signed-in user may
 * ask: it reveals nothing about the inventory.
 */
export function getActions(
  options: RouterOptions,
): SpecHandler<'/v1/actions', 'get'> {
  return async (req, res) => {
    await options.httpAuth.credentials(req, { allow: ['user', 'service'] });
    // The spec bounds the length; blanks alone would match every action.
    const q = String(req.query.q).trim();
    if (!q) {
      throw new InputError(
        "Invalid request: query parameter 'q' must not be blank: part of an IAM action name, e.g. s3:Get",
      );
    }
    const catalogue = await ActionCatalogue.load();
    const body: ActionsResponse = {
      items: catalogue.search(q, MAX_ACTION_SUGGESTIONS),
    };
    res.json(body);
  };
}
