/**
 * PATCH bodies: JSON merge patch (RFC 7386), strategic merge patch and JSON
 * patch (RFC 6902). The sandbox's objects carry no list merge keys that matter
 * to the plugins (labels and annotations are maps), so a strategic merge patch
 * is applied as a merge patch; its `$`-directives are ignored.
 */
import { badRequest, KubeStatusError, unsupportedMediaType } from './status';

export const PATCH_TYPES = [
  'application/json-patch+json',
  'application/merge-patch+json',
  'application/strategic-merge-patch+json',
];

type Json = unknown;

const isObject = (v: Json): v is Record<string, Json> =>
  typeof v === 'object' && v !== null && !Array.isArray(v);

function mergePatch(target: Json, patch: Json, strategic: boolean): Json {
  if (!isObject(patch)) return patch;
  const result: Record<string, Json> = isObject(target) ? { ...target } : {};
  for (const [key, value] of Object.entries(patch)) {
    if (strategic && key.startsWith('$')) continue;
    if (value === null) delete result[key];
    else result[key] = mergePatch(result[key], value, strategic);
  }
  return result;
}

function rejected(detail: string) {
  return new KubeStatusError(
    422,
    'Invalid',
    `the server rejected our request due to an error in our request: ${detail}`,
  );
}

function parsePointer(pointer: unknown): string[] {
  if (
    typeof pointer !== 'string' ||
    (pointer !== '' && !pointer.startsWith('/'))
  ) {
    throw rejected(`invalid JSON pointer ${JSON.stringify(pointer)}`);
  }
  return pointer === ''
    ? []
    : pointer
        .slice(1)
        .split('/')
        .map(p => p.replace(/~1/g, '/').replace(/~0/g, '~'));
}

/** The container holding the pointer's last segment, and that segment. */
function locate(
  doc: Json,
  path: string[],
  pointer: string,
): { parent: Json; key: string } {
  let parent = doc;
  for (const part of path.slice(0, -1)) {
    const child =
      Array.isArray(parent) || isObject(parent)
        ? (parent as Record<string, Json>)[part]
        : undefined;
    if (child === undefined) throw rejected(`path ${pointer} does not exist`);
    parent = child;
  }
  return { parent, key: path[path.length - 1] };
}

function arrayIndex(
  array: Json[],
  key: string,
  pointer: string,
  allowEnd: boolean,
): number {
  if (allowEnd && key === '-') return array.length;
  const index = /^\d+$/.test(key) ? Number(key) : -1;
  if (
    index < 0 ||
    index > array.length ||
    (!allowEnd && index === array.length)
  ) {
    throw rejected(`index out of range in path ${pointer}`);
  }
  return index;
}

function read(doc: Json, pointer: string): Json {
  const path = parsePointer(pointer);
  if (path.length === 0) return doc;
  const { parent, key } = locate(doc, path, pointer);
  let value: Json;
  if (Array.isArray(parent))
    value = parent[arrayIndex(parent, key, pointer, false)];
  else if (isObject(parent)) value = parent[key];
  if (value === undefined) throw rejected(`path ${pointer} does not exist`);
  return value;
}

function add(doc: Json, pointer: string, value: Json): Json {
  const path = parsePointer(pointer);
  if (path.length === 0) return value;
  const { parent, key } = locate(doc, path, pointer);
  if (Array.isArray(parent))
    parent.splice(arrayIndex(parent, key, pointer, true), 0, value);
  else if (isObject(parent)) parent[key] = value;
  else throw rejected(`path ${pointer} does not exist`);
  return doc;
}

function remove(doc: Json, pointer: string): Json {
  const path = parsePointer(pointer);
  if (path.length === 0) throw rejected('cannot remove the whole document');
  const { parent, key } = locate(doc, path, pointer);
  if (Array.isArray(parent))
    parent.splice(arrayIndex(parent, key, pointer, false), 1);
  else if (isObject(parent) && key in parent) delete parent[key];
  else
    throw rejected(`unable to remove nonexistent key: ${key}: missing value`);
  return doc;
}

function jsonPatch(target: Json, operations: Json): Json {
  if (!Array.isArray(operations)) {
    throw badRequest('a JSON patch must be an array of operations');
  }
  let doc = structuredClone(target);
  for (const op of operations) {
    if (!isObject(op))
      throw badRequest('every JSON patch operation must be an object');
    const path = op.path as string;
    switch (op.op) {
      case 'add':
        doc = add(doc, path, structuredClone(op.value));
        break;
      case 'remove':
        doc = remove(doc, path);
        break;
      case 'replace':
        read(doc, path);
        doc = add(remove(doc, path), path, structuredClone(op.value));
        break;
      case 'move': {
        const value = read(doc, op.from as string);
        doc = add(remove(doc, op.from as string), path, value);
        break;
      }
      case 'copy':
        doc = add(doc, path, structuredClone(read(doc, op.from as string)));
        break;
      case 'test':
        if (JSON.stringify(read(doc, path)) !== JSON.stringify(op.value)) {
          throw rejected(`testing value ${path} failed: test failed`);
        }
        break;
      default:
        throw badRequest(
          `unexpected JSON patch operation ${JSON.stringify(
            op.op,
          )}: use add, remove, replace, move, copy or test`,
        );
    }
  }
  return doc;
}

/** Applies a PATCH body of the given Content-Type to a copy of `target`. */
export function applyPatch(
  contentType: string,
  target: Json,
  patch: Json,
): Json {
  switch (contentType) {
    case 'application/merge-patch+json':
      return mergePatch(target, patch, false);
    case 'application/strategic-merge-patch+json':
      return mergePatch(target, patch, true);
    case 'application/json-patch+json':
      return jsonPatch(target, patch);
    default:
      throw unsupportedMediaType(contentType, PATCH_TYPES);
  }
}
