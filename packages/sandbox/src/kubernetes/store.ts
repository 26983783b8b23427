/**
 * One cluster's objects, keyed like etcd (`namespace/name`) so that lists come
 * back in the API server's order. Stamps the fields the API server owns.
 */
import { randomUUID } from 'node:crypto';
import { copyJson } from './objects';
import { ResourceType } from './resources';
import { KubeObject } from './types';

let stampedSecond = NaN;
let stamped = '';

/** Kubernetes timestamps are RFC 3339 with whole seconds. */
export function kubeTime(date: Date): string {
  // Seeding stamps thousands of objects within the same second.
  const second = Math.floor(date.getTime() / 1000);
  if (second !== stampedSecond) {
    stampedSecond = second;
    stamped = `${date.toISOString().slice(0, 19)}Z`;
  }
  return stamped;
}

export function objectKey(namespace: string | undefined, name: string) {
  return namespace ? `${namespace}/${name}` : name;
}

/** Byte order, as etcd keys sort (not locale order). */
const byteOrder = (a: string, b: string) => Number(a > b) - Number(a < b);

/** First index in sorted `keys` whose key is not below `key`. */
function lowerBound(keys: string[], key: string): number {
  let low = 0;
  let high = keys.length;
  while (low < high) {
    const mid = (low + high) >>> 1;
    if (keys[mid] < key) low = mid + 1;
    else high = mid;
  }
  return low;
}

class Table {
  readonly objects = new Map<string, KubeObject>();
  /** Keys in byte order; rebuilt on the first list after keys change. */
  private sorted: string[] | undefined;

  set(key: string, object: KubeObject) {
    if (!this.objects.has(key)) this.sorted = undefined;
    this.objects.set(key, object);
  }

  delete(key: string) {
    if (this.objects.delete(key)) this.sorted = undefined;
  }

  /** Sorted keys, all of them or those of one namespace (a contiguous range, as `namespace/` prefixes sort together). */
  keys(namespace?: string): string[] {
    this.sorted ??= [...this.objects.keys()].sort(byteOrder);
    if (namespace === undefined) return this.sorted;
    const prefix = `${namespace}/`;
    const start = lowerBound(this.sorted, prefix);
    let end = start;
    while (end < this.sorted.length && this.sorted[end].startsWith(prefix))
      end++;
    return this.sorted.slice(start, end);
  }
}

export class ObjectStore {
  private readonly byResource = new Map<string, Table>();
  private revision = 0;

  constructor(private readonly now: () => Date) {}

  get resourceVersion(): string {
    return String(this.revision);
  }

  private table(type: ResourceType) {
    let table = this.byResource.get(type.plural);
    if (!table) {
      table = new Table();
      this.byResource.set(type.plural, table);
    }
    return table;
  }

  get(
    type: ResourceType,
    namespace: string | undefined,
    name: string,
  ): KubeObject | undefined {
    return this.table(type).objects.get(objectKey(namespace, name));
  }

  /** Sorted by key; only `namespace` when given. */
  entries(
    type: ResourceType,
    namespace?: string,
  ): Array<{ key: string; item: KubeObject }> {
    const table = this.table(type);
    return this.keys(table, type, namespace).map(key => ({
      key,
      item: table.objects.get(key)!,
    }));
  }

  list(type: ResourceType, namespace?: string): KubeObject[] {
    const table = this.table(type);
    return this.keys(table, type, namespace).map(
      key => table.objects.get(key)!,
    );
  }

  private keys(table: Table, type: ResourceType, namespace?: string) {
    // No object of a cluster-scoped type is in a namespace.
    if (namespace !== undefined && !type.namespaced) return [];
    return table.keys(namespace);
  }

  /** Stores a copy of a new object, giving it uid, resourceVersion and creationTimestamp. */
  insert(type: ResourceType, object: KubeObject): KubeObject {
    return this.adopt(type, copyJson(object));
  }

  /**
   * `insert` without the copy, for objects the sandbox has just built and
   * keeps no other reference to (seeding, controllers).
   */
  adopt(type: ResourceType, object: KubeObject): KubeObject {
    object.metadata.uid = randomUUID();
    object.metadata.creationTimestamp = kubeTime(this.now());
    object.metadata.resourceVersion = String(++this.revision);
    this.table(type).set(
      objectKey(object.metadata.namespace, object.metadata.name),
      object,
    );
    return object;
  }

  /** Replaces an existing object; a new resourceVersion only when something changed. */
  update(type: ResourceType, object: KubeObject): KubeObject {
    const key = objectKey(object.metadata.namespace, object.metadata.name);
    const current = this.table(type).objects.get(key);
    const stored: KubeObject = copyJson(object);
    if (current && JSON.stringify(current) === JSON.stringify(stored))
      return current;
    stored.metadata.resourceVersion = String(++this.revision);
    this.table(type).set(key, stored);
    return stored;
  }

  /**
   * `update` without the copy and the no-change check, for a changed object
   * the sandbox has just built (a controller's new status).
   */
  replace(type: ResourceType, object: KubeObject): KubeObject {
    object.metadata.resourceVersion = String(++this.revision);
    this.table(type).set(
      objectKey(object.metadata.namespace, object.metadata.name),
      object,
    );
    return object;
  }

  remove(
    type: ResourceType,
    namespace: string | undefined,
    name: string,
  ): KubeObject | undefined {
    const key = objectKey(namespace, name);
    const table = this.table(type);
    const current = table.objects.get(key);
    if (current) {
      table.delete(key);
      this.revision++;
    }
    return current;
  }
}
