import type {
  BackstageCredentials,
  PermissionsService,
} from '@backstage/backend-plugin-api';
import {
  Entity,
  parseEntityRef,
  stringifyEntityRef,
} from '@backstage/catalog-model';
import { InputError } from '@backstage/errors';
import type { CatalogService } from '@backstage/plugin-catalog-node';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import {
  ENTITY_REF_TAG_KEY,
  eksPodIdentityManagePermission,
  OWNER_TAG_KEY,
} from '@pod-identity/plugin-eks-pod-identity-common';

/** A catalog entity the initiating user can read, as the actions tag with it. */
export interface VerifiedEntity {
  /** The entity's reference, as the catalog spells it. */
  ref: string;
  /** `spec.owner` as a full reference, when the entity has one. */
  ownerRef?: string;
}

/**
 * Who a run acts for. The actions use the backend's AWS identity, so this is
 * what limits a template user to their own team's access.
 */
export interface Requester {
  /** The user who started the task, when known. */
  userRef?: string;
  /** The `entityRef` input, read from the catalog with the user's credentials. */
  entity?: VerifiedEntity;
  /** Holds `eks-pod-identity.manage`: may act on another team's roles and associations. */
  mayManageOthers: boolean;
}

/** The part of the scaffolder's action context that says who started the task. */
export interface RequesterContext {
  user?: { ref?: string };
  getInitiatorCredentials(): Promise<BackstageCredentials>;
}

export interface RequesterVerifier {
  /** Verifies `entityRef` (already well-formed) for the initiating user. */
  verify(ctx: RequesterContext, entityRef?: string): Promise<Requester>;
}

function ownerOf(entity: Entity): string | undefined {
  const owner = entity.spec?.owner;
  if (typeof owner !== 'string' || !owner) return undefined;
  return stringifyEntityRef(
    parseEntityRef(owner, {
      defaultKind: 'group',
      defaultNamespace: entity.metadata.namespace ?? 'default',
    }),
  );
}

/** Reads the entity through the catalog and asks the permission framework, both as the user. */
export class CatalogRequesterVerifier implements RequesterVerifier {
  constructor(
    private readonly catalog: Pick<CatalogService, 'getEntityByRef'>,
    private readonly permissions: PermissionsService,
  ) {}

  async verify(ctx: RequesterContext, entityRef?: string): Promise<Requester> {
    const credentials = await ctx.getInitiatorCredentials();
    const [decision] = await this.permissions.authorize(
      [{ permission: eksPodIdentityManagePermission }],
      { credentials },
    );
    const requester: Requester = {
      userRef: ctx.user?.ref,
      mayManageOthers: decision.result === AuthorizeResult.ALLOW,
    };
    if (!entityRef) return requester;
    const entity = await this.catalog.getEntityByRef(entityRef, {
      credentials,
    });
    if (!entity) {
      throw new InputError(
        `entityRef "${entityRef}" is not a catalog entity you can read: pick an existing entity (the EntityPicker field lists them), or ask its owners for access.`,
      );
    }
    return {
      ...requester,
      entity: { ref: stringifyEntityRef(entity), ownerRef: ownerOf(entity) },
    };
  }
}

const sameRef = (a: string | undefined, b: string | undefined) =>
  a !== undefined &&
  b !== undefined &&
  a.toLocaleLowerCase('en-US') === b.toLocaleLowerCase('en-US');

/**
 * Whether a role or association belongs to the requester: its entity tag
 * names the requesting entity, or its owner tag names that entity's owner.
 * Both tags are reserved, so only the actions (from a verified entity) or
 * the platform team write them.
 */
export function ownedBy(
  requester: Requester,
  tags: Record<string, string> | undefined,
): boolean {
  const { entity } = requester;
  if (!entity || !tags) return false;
  return (
    sameRef(tags[ENTITY_REF_TAG_KEY], entity.ref) ||
    sameRef(tags[OWNER_TAG_KEY], entity.ownerRef)
  );
}
