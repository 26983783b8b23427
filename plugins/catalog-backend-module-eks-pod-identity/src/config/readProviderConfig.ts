import {
  readSchedulerServiceTaskScheduleDefinitionFromConfig,
  SchedulerServiceTaskScheduleDefinition,
} from '@backstage/backend-plugin-api';
import {
  KubernetesValidatorFunctions,
  parseEntityRef,
  stringifyEntityRef,
} from '@backstage/catalog-model';
import type { Config } from '@backstage/config';
import { InputError } from '@backstage/errors';

export const PROVIDER_CONFIG_KEY = 'catalog.providers.eksPodIdentity';

export const DEFAULT_SCHEDULE: SchedulerServiceTaskScheduleDefinition = {
  frequency: { minutes: 5 },
  timeout: { minutes: 3 },
  initialDelay: { seconds: 15 },
};

export interface ProviderSettings {
  /** Full entity ref, e.g. `group:default/platform-team`. */
  platformOwner: string;
  schedule: SchedulerServiceTaskScheduleDefinition;
}

function readPlatformOwner(config: Config): string {
  const field = `${PROVIDER_CONFIG_KEY}.platformOwner`;
  const hint =
    'set it to the entity ref of the group that owns shared roles and the clusters, e.g. group:default/platform-team';
  const value = config.getOptionalString('platformOwner');
  if (!value) {
    throw new InputError(`${field} is missing: ${hint}`);
  }
  let ref;
  try {
    ref = parseEntityRef(value, {
      defaultKind: 'group',
      defaultNamespace: 'default',
    });
  } catch {
    ref = undefined;
  }
  const valid =
    ref &&
    ['group', 'user'].includes(ref.kind.toLocaleLowerCase('en-US')) &&
    KubernetesValidatorFunctions.isValidNamespace(ref.namespace) &&
    KubernetesValidatorFunctions.isValidObjectName(ref.name);
  if (!valid) {
    throw new InputError(
      `${field} '${value}' is not a group or user entity ref: ${hint}`,
    );
  }
  return stringifyEntityRef(ref!);
}

/** The provider's settings; undefined when the block is absent (the module then does nothing). */
export function readProviderConfig(root: Config): ProviderSettings | undefined {
  const config = root.getOptionalConfig(PROVIDER_CONFIG_KEY);
  if (!config) return undefined;
  return {
    platformOwner: readPlatformOwner(config),
    schedule: config.has('schedule')
      ? readSchedulerServiceTaskScheduleDefinitionFromConfig(
          config.getConfig('schedule'),
        )
      : DEFAULT_SCHEDULE,
  };
}
