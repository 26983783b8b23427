import { roleConsoleUrl } from './awsConsole';

describe('roleConsoleUrl', () => {
  it.each([
    ['aws', 'https://console.aws.amazon.com'],
    ['aws-cn', 'https://console.amazonaws.cn'],
    ['aws-us-gov', 'https://console.amazonaws-us-gov.com'],
  ])('links a role of %s to its partition console, by name', (p, origin) => {
    expect(
      roleConsoleUrl(`arn:${p}:iam::111111111111:role/apps/orders+api`),
    ).toBe(`${origin}/iam/home#/roles/details/orders%2Bapi`);
  });

  it('gives no link in a partition without a public console', () => {
    expect(
      roleConsoleUrl('arn:aws-iso:iam::111111111111:role/orders'),
    ).toBeUndefined();
  });
});
