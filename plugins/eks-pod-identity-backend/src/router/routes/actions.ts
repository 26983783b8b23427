import type { ActionsResponse } from '@pod-identity/plugin-eks-pod-identity-common';
import { ActionCatalogue } from '@pod-identity/plugin-eks-pod-identity-node';
import type { RequestHandler } from 'express';
import { z } from 'zod';
import type { RouterOptions } from '../types';
import { parseInput } from '../validation';

export const MAX_ACTION_SUGGESTIONS = 20;

const querySchema = z
  .object({
    q: z
      .string({
        error: 'is required: part of an IAM action name, e.g. s3:Get',
      })
      .trim()
      .min(1, 'must not be empty: part of an IAM action name, e.g. s3:Get')
      .max(128, 'must be at most 128 characters'),
  })
  .strict();

/**
 * `GET /v1/actions?q=`: IAM action autocomplete (prefix, then substring),
 * so the frontend never ships the action catalogue. Any signed-in user may
 * ask: it reveals nothing about the inventory.
 */
export function getActions(options: RouterOptions): RequestHandler {
  return async (req, res) => {
    await options.httpAuth.credentials(req, { allow: ['user', 'service'] });
    const { q } = parseInput(querySchema, req.query, 'query parameter');
    const catalogue = await ActionCatalogue.load();
    const body: ActionsResponse = {
      items: catalogue.search(q, MAX_ACTION_SUGGESTIONS),
    };
    res.json(body);
  };
}
