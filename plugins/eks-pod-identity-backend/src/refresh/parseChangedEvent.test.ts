import { parseChangedEvent } from './parseChangedEvent';

describe('parseChangedEvent', () => {
  it('takes an event of the published shape', () => {
    const event = {
      kind: 'association',
      change: 'deleted',
      cluster: 'prod-use1',
      namespace: 'team-orders',
      serviceAccount: 'orders-api',
      associationId: 'a-123',
      roleArns: ['arn:aws:iam::111111111111:role/orders'],
      actor: 'user:default/alice',
      source: 'eks-pod-identity:association:delete',
    };
    expect(parseChangedEvent(event)).toEqual(event);
  });

  it('refuses what is not one: events can come from other processes', () => {
    expect(parseChangedEvent(undefined)).toBeUndefined();
    expect(
      parseChangedEvent({ kind: 'cluster', change: 'created' }),
    ).toBeUndefined();
    expect(
      parseChangedEvent({
        kind: 'role',
        change: 'created',
        roleArns: ['not-an-arn'],
      }),
    ).toBeUndefined();
  });
});
