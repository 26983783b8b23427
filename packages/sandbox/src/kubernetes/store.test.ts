import { resourceByPlural } from './resources';
import { kubeTime, ObjectStore } from './store';
import { KubeObject } from './types';

const SERVICE_ACCOUNTS = resourceByPlural('serviceaccounts');
const NODES = resourceByPlural('nodes');

function object(name: string, namespace?: string): KubeObject {
  return {
    apiVersion: 'v1',
    kind: namespace ? 'ServiceAccount' : 'Node',
    metadata: {
      name,
      ...(namespace ? { namespace } : {}),
      uid: '',
      resourceVersion: '',
      creationTimestamp: '',
    },
  };
}

const names = (objects: KubeObject[]) =>
  objects.map(o => `${o.metadata.namespace}/${o.metadata.name}`);

describe('ObjectStore', () => {
  const store = () => new ObjectStore(() => new Date('2026-11-28T12:00:00Z'));

  it('lists in byte order, and one namespace without its look-alike neighbours', () => {
    const s = store();
    // '-' sorts before '/', '0' after it: the neighbours of `team/` on both sides.
    for (const [namespace, name] of [
      ['team0', 'a'],
      ['team', 'b'],
      ['team-a', 'a'],
      ['team', 'a'],
      ['Team', 'a'],
      ['tea', 'z'],
    ]) {
      s.insert(SERVICE_ACCOUNTS, object(name, namespace));
    }
    expect(names(s.list(SERVICE_ACCOUNTS))).toEqual([
      'Team/a',
      'tea/z',
      'team-a/a',
      'team/a',
      'team/b',
      'team0/a',
    ]);
    expect(names(s.list(SERVICE_ACCOUNTS, 'team'))).toEqual([
      'team/a',
      'team/b',
    ]);
    expect(s.entries(SERVICE_ACCOUNTS, 'team-a').map(e => e.key)).toEqual([
      'team-a/a',
    ]);
    expect(s.list(SERVICE_ACCOUNTS, 'nobody')).toEqual([]);
  });

  it('keeps listings current as objects come and go', () => {
    const s = store();
    s.insert(SERVICE_ACCOUNTS, object('b', 'ns'));
    expect(names(s.list(SERVICE_ACCOUNTS, 'ns'))).toEqual(['ns/b']);
    s.insert(SERVICE_ACCOUNTS, object('a', 'ns'));
    expect(names(s.list(SERVICE_ACCOUNTS, 'ns'))).toEqual(['ns/a', 'ns/b']);
    s.remove(SERVICE_ACCOUNTS, 'ns', 'b');
    expect(names(s.list(SERVICE_ACCOUNTS))).toEqual(['ns/a']);
  });

  it('lists no cluster-scoped object under a namespace', () => {
    const s = store();
    s.insert(NODES, object('node-1'));
    expect(s.list(NODES).map(n => n.metadata.name)).toEqual(['node-1']);
    expect(s.list(NODES, 'default')).toEqual([]);
  });

  it('stores a copy on insert and the object itself on adopt', () => {
    const s = store();
    const given = object('copied', 'ns');
    const stored = s.insert(SERVICE_ACCOUNTS, given);
    expect(stored).not.toBe(given);
    expect(given.metadata.uid).toBe('');
    const built = object('adopted', 'ns');
    expect(s.adopt(SERVICE_ACCOUNTS, built)).toBe(built);
    expect(built.metadata).toMatchObject({
      creationTimestamp: '2026-11-28T12:00:00Z',
      resourceVersion: '2',
    });
    expect(built.metadata.uid).not.toBe(stored.metadata.uid);
  });

  it('gives a new resourceVersion only to a changed object', () => {
    const s = store();
    const stored = s.insert(SERVICE_ACCOUNTS, object('a', 'ns'));
    expect(s.update(SERVICE_ACCOUNTS, { ...stored })).toBe(stored);
    const labelled = s.update(SERVICE_ACCOUNTS, {
      ...stored,
      metadata: { ...stored.metadata, labels: { a: 'b' } },
    });
    expect(labelled.metadata.resourceVersion).toBe('2');
    expect(s.resourceVersion).toBe('2');
  });
});

describe('kubeTime', () => {
  it('stamps whole seconds, also for consecutive calls within one second', () => {
    expect(kubeTime(new Date('2026-11-28T12:00:00.100Z'))).toBe(
      '2026-11-28T12:00:00Z',
    );
    expect(kubeTime(new Date('2026-11-28T12:00:00.900Z'))).toBe(
      '2026-11-28T12:00:00Z',
    );
    expect(kubeTime(new Date('2026-11-28T12:00:01.000Z'))).toBe(
      '2026-11-28T12:00:01Z',
    );
    expect(kubeTime(new Date('1999-01-01T00:00:00.500Z'))).toBe(
      '1999-01-01T00:00:00Z',
    );
  });
});
