import { KubernetesValidatorFunctions } from '@backstage/catalog-model';
import { clusterEntityName, roleEntityName } from './entityNames';

const valid = (name: string) =>
  KubernetesValidatorFunctions.isValidObjectName(name);

describe('entity names', () => {
  it('names a role after itself and its account, ignoring its path', () => {
    expect(roleEntityName('arn:aws:iam::111111111111:role/orders-api')).toBe(
      'orders-api-111111111111',
    );
    expect(
      roleEntityName('arn:aws:iam::222222222222:role/apps/team/orders-api'),
    ).toBe('orders-api-222222222222');
  });

  it('keeps names valid and distinct when IAM allows characters or lengths that entity names do not', () => {
    const arns = [
      'arn:aws:iam::111111111111:role/deploy+bot',
      'arn:aws:iam::111111111111:role/deploy=bot',
      'arn:aws:iam::111111111111:role/deploy@bot',
      'arn:aws:iam::111111111111:role/+=,',
      `arn:aws:iam::111111111111:role/${'a'.repeat(64)}`,
      `arn:aws:iam::111111111111:role/${'a'.repeat(63)}b`,
    ];
    const names = arns.map(roleEntityName);
    expect(names.filter(n => !valid(n))).toEqual([]);
    expect(new Set(names).size).toBe(arns.length);
    expect(names[0]).toMatch(/^deploy-bot-[0-9a-f]{8}-111111111111$/);
  });

  it('names a cluster after itself, within the length limit', () => {
    expect(clusterEntityName('prod-use1')).toBe('prod-use1');
    const long = clusterEntityName(`cluster_${'x'.repeat(92)}`);
    expect(valid(long)).toBe(true);
  });
});
