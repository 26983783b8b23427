import { OperatorFamily, outcome, ValueTest } from './types';

interface Address {
  version: 4 | 6;
  value: bigint;
}

function parseIpv4(text: string): bigint | undefined {
  const parts = text.split('.');
  if (parts.length !== 4) return undefined;
  let value = 0n;
  for (const part of parts) {
    if (!/^\d{1,3}$/.test(part) || Number(part) > 255) return undefined;
    value = (value << 8n) | BigInt(Number(part));
  }
  return value;
}

function parseIpv6(text: string): bigint | undefined {
  let head = text;
  let tail32: bigint | undefined;
  // An embedded IPv4 address fills the last 32 bits (e.g. ::ffff:10.0.0.1).
  const lastColon = text.lastIndexOf(':');
  if (text.slice(lastColon + 1).includes('.')) {
    tail32 = parseIpv4(text.slice(lastColon + 1));
    if (tail32 === undefined) return undefined;
    head = `${text.slice(0, lastColon + 1)}0:0`;
  }
  const halves = head.split('::');
  if (halves.length > 2) return undefined;
  const groups = (s: string) => (s === '' ? [] : s.split(':'));
  const left = groups(halves[0]);
  const right = halves.length === 2 ? groups(halves[1]) : [];
  const missing = 8 - left.length - right.length;
  if (halves.length === 2 ? missing < 1 : missing !== 0) return undefined;
  const all = [
    ...left,
    ...Array(halves.length === 2 ? missing : 0).fill('0'),
    ...right,
  ];
  let value = 0n;
  for (const group of all) {
    if (!/^[0-9a-fA-F]{1,4}$/.test(group)) return undefined;
    value = (value << 16n) | BigInt(parseInt(group, 16));
  }
  return tail32 === undefined ? value : (value & ~0xffffffffn) | tail32;
}

function parseAddress(text: string): Address | undefined {
  const trimmed = text.trim();
  const v4 = parseIpv4(trimmed);
  if (v4 !== undefined) return { version: 4, value: v4 };
  const v6 = trimmed.includes(':') ? parseIpv6(trimmed) : undefined;
  return v6 === undefined ? undefined : { version: 6, value: v6 };
}

/** `10.0.0.0/8`, `2001:db8::/32`, or a single address (a /32 or /128). */
function parseCidr(text: string): (Address & { prefix: number }) | undefined {
  const [addressText, prefixText, ...rest] = text.trim().split('/');
  if (rest.length > 0) return undefined;
  const address = parseAddress(addressText);
  if (!address) return undefined;
  const bits = address.version === 4 ? 32 : 128;
  if (prefixText === undefined) return { ...address, prefix: bits };
  if (!/^\d{1,3}$/.test(prefixText) || Number(prefixText) > bits)
    return undefined;
  return { ...address, prefix: Number(prefixText) };
}

const ipTest: ValueTest = (requestValue, policyValue) => {
  const cidr = parseCidr(policyValue);
  const address = parseAddress(requestValue);
  if (!cidr || !address) return 'invalid';
  if (cidr.version !== address.version) return 'noMatch';
  const bits = BigInt(cidr.version === 4 ? 32 : 128);
  const shift = bits - BigInt(cidr.prefix);
  return outcome(address.value >> shift === cidr.value >> shift);
};

export const ipOperators: OperatorFamily = {
  ipaddress: { test: ipTest, negated: false, variables: false },
  notipaddress: { test: ipTest, negated: true, variables: false },
};
