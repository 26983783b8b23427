import { ConfigReader } from '@backstage/config';
import { readEksPodIdentityConfig } from './readConfig';

function read(eksPodIdentity: unknown) {
  return readEksPodIdentityConfig(new ConfigReader({ eksPodIdentity } as any));
}

describe('readEksPodIdentityConfig', () => {
  it('reads clusters, discovery, endpoints and fills in defaults', () => {
    const config = read({
      clusters: [
        {
          name: 'prod-use1',
          accountId: '111111111111',
          region: 'us-east-1',
          title: 'Production',
        },
      ],
      discovery: [
        {
          accountId: '222222222222',
          regions: ['eu-west-1', 'eu-west-1', 'us-east-1'],
        },
      ],
      endpoints: {
        eks: 'http://127.0.0.1:4566/',
        sts: 'http://127.0.0.1:4566',
      },
      schedule: { frequency: { minutes: 30 }, timeout: { minutes: 15 } },
    });
    expect(config.clusters).toEqual([
      {
        name: 'prod-use1',
        accountId: '111111111111',
        region: 'us-east-1',
        title: 'Production',
      },
    ]);
    expect(config.discovery).toEqual([
      { accountId: '222222222222', regions: ['eu-west-1', 'us-east-1'] },
    ]);
    expect(config.endpoints).toEqual({
      eks: 'http://127.0.0.1:4566',
      iam: undefined,
      sts: 'http://127.0.0.1:4566',
    });
    expect(config.requests).toEqual({ maxAttempts: 10, concurrency: 8 });
    expect(config.schedule?.frequency).toEqual({ minutes: 30 });
    expect(config.guardrails.deniedPolicyArns).toEqual([]);
  });

  it('turns notifications on by default, and honours the switch where the catalog module had it', () => {
    expect(read({}).notifications).toEqual({ enabled: true });
    expect(read({ notifications: { enabled: false } }).notifications).toEqual({
      enabled: false,
    });
    const legacy = (catalogSwitch: boolean, eksPodIdentity: object = {}) =>
      readEksPodIdentityConfig(
        new ConfigReader({
          catalog: {
            providers: {
              eksPodIdentity: { notifications: { enabled: catalogSwitch } },
            },
          },
          eksPodIdentity,
        }),
      ).notifications.enabled;
    expect(legacy(false)).toBe(false);
    expect(legacy(false, { notifications: { enabled: true } })).toBe(true);
  });

  it('accepts no eksPodIdentity block at all', () => {
    const config = readEksPodIdentityConfig(new ConfigReader({}));
    expect(config.clusters).toEqual([]);
    expect(config.discovery).toEqual([]);
    expect(config.schedule).toBeUndefined();
  });

  it.each([
    [
      {
        clusters: [{ name: 'a', accountId: 111111111111, region: 'us-east-1' }],
      },
      "eksPodIdentity.clusters[0].accountId': the account id must be a quoted string, e.g. '111111111111'",
    ],
    [
      { clusters: [{ name: 'a', accountId: '1234', region: 'us-east-1' }] },
      "eksPodIdentity.clusters[0].accountId': '1234' is not a 12-digit AWS account id",
    ],
    [
      {
        clusters: [{ name: 'a', accountId: '111111111111', region: 'useast' }],
      },
      "eksPodIdentity.clusters[0].region': 'useast' is not an AWS region",
    ],
    [
      {
        clusters: [
          { name: '-bad', accountId: '111111111111', region: 'us-east-1' },
        ],
      },
      "eksPodIdentity.clusters[0].name': '-bad' is not an EKS cluster name",
    ],
    [
      {
        clusters: [
          { name: 'a', accountId: '111111111111', region: 'us-east-1' },
          { name: 'a', accountId: '222222222222', region: 'us-east-1' },
        ],
      },
      "eksPodIdentity.clusters[1].name': cluster 'a' is listed twice",
    ],
    [
      { discovery: [{ accountId: '111111111111', regions: [] }] },
      "eksPodIdentity.discovery[0].regions': list at least one region",
    ],
    [
      { endpoints: { eks: 'not a url' } },
      "eksPodIdentity.endpoints.eks': 'not a url' is not a URL",
    ],
    [
      { endpoints: { iam: 'ftp://x' } },
      "eksPodIdentity.endpoints.iam': 'ftp://x' must be an http(s) URL",
    ],
    [
      { requests: { maxAttempts: 0 } },
      "eksPodIdentity.requests.maxAttempts': must be a whole number of at least 1",
    ],
  ])('refuses %j naming the key', (input, message) => {
    expect(() => read(input)).toThrow(message);
  });

  it('names the key of a missing required value', () => {
    expect(() =>
      read({ clusters: [{ accountId: '111111111111', region: 'us-east-1' }] }),
    ).toThrow(/eksPodIdentity\.clusters\[0\]\.name/);
  });

  describe('guardrails', () => {
    it('refuses plans with findings from high up unless configured', () => {
      expect(read({}).guardrails.refuseFindingsAtOrAbove).toBe('high');
      expect(
        read({ guardrails: { refuseFindingsAtOrAbove: 'critical' } }).guardrails
          .refuseFindingsAtOrAbove,
      ).toBe('critical');
    });

    it('names the key and the values when the severity is wrong', () => {
      expect(() =>
        read({ guardrails: { refuseFindingsAtOrAbove: 'severe' } }),
      ).toThrow(
        "Invalid config at 'eksPodIdentity.guardrails.refuseFindingsAtOrAbove': 'severe' is not a finding severity; use one of critical, high, medium, low, info.",
      );
    });

    it('leaves trust scope none out unless listed, and names an unknown scope', () => {
      expect(read({}).guardrails.allowedTrustScopes).toEqual([
        'service-account',
        'cluster',
      ]);
      expect(() =>
        read({ guardrails: { allowedTrustScopes: ['cluster', 'account'] } }),
      ).toThrow(
        `Invalid config at 'eksPodIdentity.guardrails.allowedTrustScopes': "account" is not one of service-account, cluster, none`,
      );
    });

    it('lets a target role be in any account the config names, unless listed', () => {
      const config = (guardrails: object) =>
        readEksPodIdentityConfig(
          new ConfigReader({
            aws: { accounts: [{ accountId: '444444444444' }] },
            eksPodIdentity: {
              clusters: [
                { name: 'prod', accountId: '111111111111', region: 'us-east-1' },
              ],
              discovery: [{ accountId: '222222222222', regions: ['eu-west-1'] }],
              guardrails,
            },
          }),
        );
      expect(config({}).guardrails.allowedTargetAccounts).toEqual([
        '444444444444',
        '111111111111',
        '222222222222',
      ]);
      expect(
        config({ allowedTargetAccounts: ['333333333333'] }).guardrails
          .allowedTargetAccounts,
      ).toEqual(['333333333333']);
    });

    it('refuses a role path IAM would refuse, naming the key', () => {
      expect(() => read({ guardrails: { rolePath: 'backstage' } })).toThrow(
        /eksPodIdentity\.guardrails\.rolePath/,
      );
    });
  });
});
