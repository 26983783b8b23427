import type {
  AssociationRecord,
  RoleRecord,
  WorkloadRecord,
} from '@pod-identity/plugin-eks-pod-identity-node';
import type {
  AccountSnapshot,
  ClusterSnapshot,
  EntityServiceAccountMapping,
} from '../snapshot/types';
import { SnapshotMappings } from './SnapshotMappings';

const ROLE = 'arn:aws:iam::111111111111:role/orders';
const SA = { cluster: 'prod', namespace: 'team-a', serviceAccount: 'worker' };

function association(
  serviceAccount: string,
  tags: Record<string, string> = {},
): AssociationRecord {
  return {
    associationId: `a-${serviceAccount}`,
    associationArn: `arn:aws:eks:us-east-1:111111111111:podidentityassociation/prod/a-${serviceAccount}`,
    clusterName: 'prod',
    namespace: 'team-a',
    serviceAccount,
    roleArn: ROLE,
    disableSessionTags: false,
    tags,
    createdAt: '2026-11-01T00:00:00Z',
    modifiedAt: '2026-11-01T00:00:00Z',
  };
}

function snapshot(options: {
  associations: AssociationRecord[];
  roleTags?: Record<string, string>;
  mappings?: EntityServiceAccountMapping[];
  workloads?: WorkloadRecord[];
}) {
  const cluster = {
    name: 'prod',
    associations: options.associations,
    workloads: options.workloads ?? [],
  } as ClusterSnapshot;
  const account = {
    accountId: '111111111111',
    roles: [{ arn: ROLE, tags: options.roleTags ?? {} } as RoleRecord],
  } as AccountSnapshot;
  return {
    clusters: [cluster],
    accounts: [account],
    entityMappings: options.mappings ?? [],
  };
}

const claim = (
  entityRef: string,
  corroborated: boolean,
  source: EntityServiceAccountMapping['source'] = 'annotation',
): EntityServiceAccountMapping => ({
  entityRef,
  ownerRef: 'group:default/team-a',
  source,
  ...SA,
  corroborated,
});

describe('SnapshotMappings', () => {
  it('maps a service account to the entity its association or its role is tagged for', () => {
    const m = new SnapshotMappings(
      snapshot({
        associations: [
          association('worker', {
            'backstage.io/entity-ref': 'component:default/orders',
          }),
          association('other'),
        ],
        roleTags: { 'backstage.io/entity-ref': 'Component:default/Billing' },
      }),
    );
    expect(
      m.honoured.map(h => [h.entityRef, h.serviceAccount, h.source]),
    ).toEqual([
      ['component:default/orders', 'worker', 'grant'],
      ['component:default/billing', 'worker', 'grant'],
      ['component:default/billing', 'other', 'grant'],
    ]);
    expect(m.grants.grantsTo('component:default/billing')).toHaveLength(2);
  });

  it('keeps the annotation as the source where it and a grant agree, with the owner stored for the entity', () => {
    const m = new SnapshotMappings(
      snapshot({
        associations: [
          association('worker', {
            'backstage.io/entity-ref': 'component:default/orders',
          }),
        ],
        mappings: [claim('component:default/orders', true)],
      }),
    );
    expect(m.honoured).toEqual([claim('component:default/orders', true)]);
    expect(m.contested).toEqual([]);
  });

  it('contests an uncorroborated claim beside a corroborated one, and keeps uncontested ones', () => {
    const m = new SnapshotMappings(
      snapshot({
        associations: [association('worker')],
        mappings: [
          claim('component:default/orders', true, 'kubernetes-id'),
          claim('component:default/intruder', false),
        ],
      }),
    );
    expect(m.honoured.map(h => h.entityRef)).toEqual([
      'component:default/orders',
    ]);
    expect(m.contested).toEqual([
      {
        ...SA,
        entityRef: 'component:default/intruder',
        corroboratedBy: ['component:default/orders'],
      },
    ]);

    const shared = new SnapshotMappings(
      snapshot({
        associations: [association('worker')],
        mappings: [
          claim('component:default/a', false),
          claim('component:default/b', false),
        ],
      }),
    );
    expect(shared.honoured).toHaveLength(2);
    expect(shared.contested).toEqual([]);
  });

  it('ignores stored grant rows whose tag is gone: a revoke unmaps at once', () => {
    const m = new SnapshotMappings(
      snapshot({
        associations: [association('worker')],
        mappings: [claim('component:default/orders', true, 'grant')],
      }),
    );
    expect(m.honoured).toEqual([]);
    expect(m.corroboratedClaimants(SA)).toEqual([]);
  });

  it('lets a kubernetes-id several entities declare back none of them: each contests the other', () => {
    const workload = {
      kind: 'Deployment',
      namespace: 'team-a',
      name: 'worker',
      labels: { 'backstage.io/kubernetes-id': 'orders' },
      serviceAccountName: 'worker',
    } as unknown as WorkloadRecord;
    const labelClaim = (entityRef: string) => ({
      ...claim(entityRef, true, 'kubernetes-id'),
      kubernetesId: 'orders',
    });
    const m = new SnapshotMappings(
      snapshot({
        associations: [association('worker')],
        workloads: [workload],
        mappings: [
          labelClaim('component:default/orders'),
          labelClaim('component:default/copycat'),
        ],
      }),
    );
    expect(m.honoured).toEqual([]);
    expect(m.contested.map(c => [c.entityRef, c.corroboratedBy])).toEqual([
      ['component:default/orders', ['component:default/copycat']],
      ['component:default/copycat', ['component:default/orders']],
    ]);

    // A grant settles it.
    const granted = new SnapshotMappings(
      snapshot({
        associations: [
          association('worker', {
            'backstage.io/entity-ref': 'component:default/orders',
          }),
        ],
        workloads: [workload],
        mappings: [
          labelClaim('component:default/orders'),
          labelClaim('component:default/copycat'),
        ],
      }),
    );
    expect(granted.honoured.map(h => h.entityRef)).toEqual([
      'component:default/orders',
    ]);
    expect(granted.contested.map(c => c.entityRef)).toEqual([
      'component:default/copycat',
    ]);
  });
});
