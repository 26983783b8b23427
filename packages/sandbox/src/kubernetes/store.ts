/**
 * One cluster's objects, keyed like etcd (`namespace/name`) so that lists come
 * back in the API server's order. Stamps the fields the API server owns.
 */
import { randomUUID } from 'node:crypto';
import { ResourceType } from './resources';
import { KubeObject } from './types';

/** Kubernetes timestamps are RFC 3339 with whole seconds. */
export function kubeTime(date: Date): string {
  return `${date.toISOString().slice(0, 19)}Z`;
}

export function objectKey(namespace: string | undefined, name: string) {
  return namespace ? `${namespace}/${name}` : name;
}

export class ObjectStore {
  private readonly byResource = new Map<string, Map<string, KubeObject>>();
  private revision = 0;

  constructor(private readonly now: () => Date) {}

  get resourceVersion(): string {
    return String(this.revision);
  }

  private table(type: ResourceType) {
    let table = this.byResource.get(type.plural);
    if (!table) {
      table = new Map();
      this.byResource.set(type.plural, table);
    }
    return table;
  }

  get(
    type: ResourceType,
    namespace: string | undefined,
    name: string,
  ): KubeObject | undefined {
    return this.table(type).get(objectKey(namespace, name));
  }

  /** Sorted by key; only `namespace` when given. */
  entries(
    type: ResourceType,
    namespace?: string,
  ): Array<{ key: string; item: KubeObject }> {
    return (
      [...this.table(type).entries()]
        .filter(
          ([, o]) =>
            namespace === undefined || o.metadata.namespace === namespace,
        )
        // Byte order, as etcd keys sort (not locale order).
        .sort(([a], [b]) => Number(a > b) - Number(a < b))
        .map(([key, item]) => ({ key, item }))
    );
  }

  list(type: ResourceType, namespace?: string): KubeObject[] {
    return this.entries(type, namespace).map(e => e.item);
  }

  /** Stores a new object, giving it uid, resourceVersion and creationTimestamp. */
  insert(type: ResourceType, object: KubeObject): KubeObject {
    const stored: KubeObject = structuredClone(object);
    stored.metadata.uid = randomUUID();
    stored.metadata.creationTimestamp = kubeTime(this.now());
    stored.metadata.resourceVersion = String(++this.revision);
    this.table(type).set(
      objectKey(stored.metadata.namespace, stored.metadata.name),
      stored,
    );
    return stored;
  }

  /** Replaces an existing object; a new resourceVersion only when something changed. */
  update(type: ResourceType, object: KubeObject): KubeObject {
    const key = objectKey(object.metadata.namespace, object.metadata.name);
    const current = this.table(type).get(key);
    const stored: KubeObject = structuredClone(object);
    if (current && JSON.stringify(current) === JSON.stringify(stored))
      return current;
    stored.metadata.resourceVersion = String(++this.revision);
    this.table(type).set(key, stored);
    return stored;
  }

  remove(
    type: ResourceType,
    namespace: string | undefined,
    name: string,
  ): KubeObject | undefined {
    const key = objectKey(namespace, name);
    const current = this.table(type).get(key);
    if (current) {
      this.table(type).delete(key);
      this.revision++;
    }
    return current;
  }
}
