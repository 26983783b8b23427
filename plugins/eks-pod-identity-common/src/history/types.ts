/**
 * Access history: every change the inventory saw to an association, a role's
 * policies or a finding, with who made it when a Backstage action announced it.
 * The types are generated from the backend's OpenAPI spec, as in api/types.ts.
 */
import type { components, paths } from '../schema/openapi/generated/types';

export type AccessChangeKind = components['schemas']['AccessChangeKind'];

/** Shown for changes no Backstage action announced: made in the AWS console, CLI, Terraform… */
export const OUTSIDE_BACKSTAGE = 'outside Backstage';

/**
 * Shown for findings raised or resolved: the inventory's analysis observed
 * them; the change that caused one is recorded with its own author.
 */
export const SEEN_BY_INVENTORY = 'inventory';

export type AccessChange = components['schemas']['AccessChange'];

/** `GET /v1/changes`, newest first. */
export type AccessChangesResponse =
  components['schemas']['AccessChangesResponse'];

/** Query of `GET /v1/changes`. */
export type AccessChangesQuery = NonNullable<
  paths['/v1/changes']['get']['parameters']['query']
>;
