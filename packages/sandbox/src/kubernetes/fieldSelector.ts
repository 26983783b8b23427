/** The `fieldSelector` query parameter: `field=value`, `field==value`, `field!=value`, comma-separated. */
import { ResourceType } from './resources';
import { badRequest } from './status';
import { KubeObject } from './types';

export type FieldRequirement = { field: string; value: string; equal: boolean };

export function parseFieldSelector(
  text: string,
  type: ResourceType,
): FieldRequirement[] {
  const allowed = [
    'metadata.name',
    ...(type.namespaced ? ['metadata.namespace'] : []),
    ...(type.selectableFields ?? []),
  ];
  return text
    .split(',')
    .filter(part => part.trim() !== '')
    .map(part => {
      const match = /^\s*([^!=\s]+)\s*(==|=|!=)\s*([^\s]*)\s*$/.exec(part);
      if (!match) {
        throw badRequest(
          `invalid field selector: '${part}': expected field=value, field==value or field!=value`,
        );
      }
      const [, field, op, value] = match;
      if (!allowed.includes(field)) {
        throw badRequest(`field label not supported: ${field}`);
      }
      return { field, value, equal: op !== '!=' };
    });
}

function fieldValue(object: KubeObject, path: string): string {
  let current: unknown = object;
  for (const part of path.split('.')) {
    current =
      current && typeof current === 'object'
        ? (current as Record<string, unknown>)[part]
        : undefined;
  }
  return typeof current === 'string' ? current : '';
}

export function matchesFields(
  object: KubeObject,
  requirements: FieldRequirement[],
) {
  return requirements.every(
    r => (fieldValue(object, r.field) === r.value) === r.equal,
  );
}
