import { roleKeyOf } from './InventoryIndex';

describe('roleKeyOf', () => {
  it.each([
    ['arn:aws:iam::111111111111:role/orders', '111111111111/orders'],
    ['arn:aws-cn:iam::111111111111:role/apps/orders', '111111111111/orders'],
    ['arn:aws-us-gov:iam::111111111111:role/a/b/orders', '111111111111/orders'],
  ])('keys %s by account and name, whatever the path', (arn, key) => {
    expect(roleKeyOf(arn)).toBe(key);
  });

  it.each([
    'arn:aws:iam::111111111111:policy/orders',
    'arn:aws:iam::aws:role/orders',
    'arn:aws:iam:us-east-1:111111111111:role/orders',
    'arn:aws:sts::111111111111:role/orders',
    'arn:aws:iam::111111111111:role/apps/',
    'orders',
  ])('has no key for %s', arn => {
    expect(roleKeyOf(arn)).toBeUndefined();
  });
});
