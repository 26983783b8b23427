import type { EstateSeed } from '../types';
import { resolveEstateDates, resolveSeedDate, seedDateProblem } from './dates';
import { EstateError } from './errors';

const NOW = new Date('2027-03-01T12:00:00Z');

describe('seed dates', () => {
  it.each([
    ['-3d', '2027-02-26T12:00:00.000Z'],
    ['-2h', '2027-03-01T10:00:00.000Z'],
    ['-400d', '2026-01-25T12:00:00.000Z'],
    ['-1d12h', '2027-02-28T00:00:00.000Z'],
    ['-1d2h3m4s', '2027-02-28T09:56:56.000Z'],
    ['-90m', '2027-03-01T10:30:00.000Z'],
    ['-45s', '2027-03-01T11:59:15.000Z'],
    ['-0d', '2027-03-01T12:00:00.000Z'],
    ['2026-11-28T09:12:00Z', '2026-11-28T09:12:00.000Z'],
    ['2026-11-28T09:12:00.250Z', '2026-11-28T09:12:00.250Z'],
    ['2026-11-28T10:12+01:00', '2026-11-28T09:12:00.000Z'],
    ['2026-11-28', '2026-11-28T00:00:00.000Z'],
  ])('resolves %s', (value, expected) => {
    expect(seedDateProblem(value)).toBeUndefined();
    expect(resolveSeedDate(value, NOW)).toBe(expected);
  });

  it('takes Date objects as they are', () => {
    const date = new Date('2026-05-01T00:00:00Z');
    expect(seedDateProblem(date)).toBeUndefined();
    expect(resolveSeedDate(date, NOW)).toBe('2026-05-01T00:00:00.000Z');
    expect(seedDateProblem(new Date('no'))).toMatch(/must be an ISO date/);
  });

  it.each([
    // Relative dates only count back, units largest first, each once.
    ['-', /'-' is not a relative date/],
    ['-3', /'-3' is not a relative date/],
    ['-3x', /'-3x' is not a relative date/],
    ['-2h1d', /'-2h1d' is not a relative date/],
    ['-1d1d', /'-1d1d' is not a relative date/],
    ['-1w', /'-1w' is not a relative date/],
    ['- 3d', /is not a relative date/],
    ['-1234567d', /is not a relative date/],
    ['+3d', /'\+3d' must be an ISO date/],
    ['3d', /'3d' must be an ISO date/],
    // A time without a zone would depend on the machine's time zone.
    ['2026-11-28T09:12:00', /must be an ISO date such as 2026-11-28T12:00:00Z/],
    ['2026-13-01T00:00:00Z', /must be an ISO date/],
    ['Nov 28 2026', /must be an ISO date/],
    ['yesterday', /'yesterday' must be an ISO date/],
    ['', /must be an ISO date/],
    [42, /^must be an ISO date/],
  ])('rejects %j', (value, message) => {
    expect(seedDateProblem(value)).toMatch(message);
  });

  describe('resolveEstateDates', () => {
    const estate = (): EstateSeed => ({
      accounts: [
        {
          id: '111111111111',
          iam: {
            roles: [
              {
                name: 'used',
                trustPolicy: { Statement: [] },
                createDate: '-400d',
                lastUsed: '-2h',
              },
              { name: 'never', trustPolicy: { Statement: [] }, lastUsed: null },
            ],
          },
          clusters: [
            {
              name: 'c',
              region: 'us-east-1',
              associations: [
                {
                  namespace: 'a',
                  serviceAccount: 'sa',
                  role: 'used',
                  createdAt: '-10d',
                  modifiedAt: '2026-11-18T15:00:00Z',
                },
              ],
              generatedAssociations: {
                count: 2,
                namespacePrefix: 'ci-',
                role: 'used',
                startedAt: '-6h',
                createdAt: '-88d',
              },
              kubernetes: {
                workloads: [
                  {
                    kind: 'Deployment',
                    namespace: 'a',
                    name: 'w',
                    startedAt: '-26d3h',
                  },
                ],
                pods: [{ namespace: 'a', name: 'p', startTime: '-1m' }],
              },
            },
          ],
        },
      ],
    });

    it('resolves every date field and leaves the input as it was', () => {
      const input = estate();
      const resolved = resolveEstateDates(input, NOW);
      expect(input).toEqual(estate());
      const [account] = resolved.accounts;
      expect(account.iam!.roles!.map(r => [r.createDate, r.lastUsed])).toEqual([
        ['2026-01-25T12:00:00.000Z', '2027-03-01T10:00:00.000Z'],
        [undefined, null],
      ]);
      const [cluster] = account.clusters!;
      expect(cluster.associations![0]).toMatchObject({
        createdAt: '2027-02-19T12:00:00.000Z',
        modifiedAt: '2026-11-18T15:00:00.000Z',
      });
      expect(cluster.generatedAssociations).toMatchObject({
        startedAt: '2027-03-01T06:00:00.000Z',
        createdAt: '2026-12-03T12:00:00.000Z',
      });
      expect(cluster.kubernetes!.workloads![0].startedAt).toBe(
        '2027-02-03T09:00:00.000Z',
      );
      expect(cluster.kubernetes!.pods![0].startTime).toBe(
        '2027-03-01T11:59:00.000Z',
      );
    });

    it.each([
      [
        (e: EstateSeed) => {
          e.accounts[0].iam!.roles![1].lastUsed = '-3x';
        },
        "estate.yaml: accounts[0].iam.roles[1].lastUsed: '-3x' is not a relative date",
      ],
      [
        (e: EstateSeed) => {
          e.accounts[0].clusters![0].associations![0].modifiedAt = 'soon';
        },
        "estate.yaml: accounts[0].clusters[0].associations[0].modifiedAt: 'soon' must be an ISO date",
      ],
      [
        (e: EstateSeed) => {
          e.accounts[0].clusters![0].generatedAssociations!.startedAt = '-1y';
        },
        'estate.yaml: accounts[0].clusters[0].generatedAssociations.startedAt:',
      ],
      [
        (e: EstateSeed) => {
          e.accounts[0].clusters![0].kubernetes!.pods![0].startTime =
            '2026-11-28 09:00';
        },
        'estate.yaml: accounts[0].clusters[0].kubernetes.pods[0].startTime:',
      ],
    ])('names the file and the field of a bad date (%#)', (spoil, message) => {
      const bad = estate();
      spoil(bad);
      let error: unknown;
      try {
        resolveEstateDates(bad, NOW, 'estate.yaml');
      } catch (e) {
        error = e;
      }
      expect(error).toBeInstanceOf(EstateError);
      expect((error as Error).message).toContain(message);
    });
  });
});
