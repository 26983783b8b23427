import { ipOperators } from './ip';

const inRange = (address: string, cidr: string) =>
  ipOperators.ipaddress.test(address, cidr);

describe('IpAddress value test', () => {
  it.each([
    ['10.1.2.3', '10.0.0.0/8', 'match'],
    ['11.1.2.3', '10.0.0.0/8', 'noMatch'],
    ['10.1.2.3', '10.1.2.3', 'match'],
    ['10.1.2.3', '0.0.0.0/0', 'match'],
    ['2001:db8::1', '2001:db8::/32', 'match'],
    ['2001:db9::1', '2001:db8::/32', 'noMatch'],
    ['::ffff:10.0.0.1', '::ffff:0:0/96', 'match'],
    ['2001:0db8:0000:0000:0000:0000:0000:0001', '2001:db8::1/128', 'match'],
    ['2001:db8::1', '10.0.0.0/8', 'noMatch'],
    ['10.0.0.1', '2001:db8::/32', 'noMatch'],
    ['10.0.0.256', '10.0.0.0/8', 'invalid'],
    ['10.0.0.1', '10.0.0.0/33', 'invalid'],
    ['1::2::3', '::/0', 'invalid'],
    ['not-an-ip', '10.0.0.0/8', 'invalid'],
  ])('%s in %s → %s', (address, cidr, expected) => {
    expect(inRange(address, cidr)).toBe(expected);
  });
});
