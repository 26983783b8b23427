import type { EksGateway } from '../aws/EksGateway';
import { DefaultClusterDirectory } from './ClusterDirectory';

const A = '111111111111';
const B = '222222222222';

/** EKS that lists clusters per account-region, fails where told, and counts ListClusters calls. */
function fakeEks(listed: Record<string, string[] | Error>) {
  const calls: string[] = [];
  const eks = {
    async listClusters(accountId: string, region: string) {
      const key = `${accountId}/${region}`;
      calls.push(key);
      const answer = listed[key] ?? [];
      if (answer instanceof Error) throw answer;
      return answer;
    },
  } as Partial<EksGateway> as EksGateway;
  return { eks, calls };
}

describe('DefaultClusterDirectory', () => {
  const discovery = [
    { accountId: A, regions: ['us-east-1'] },
    { accountId: B, regions: ['eu-west-1'] },
  ];

  it('keeps the clusters of the account-regions that answered when one fails', async () => {
    const { eks } = fakeEks({
      [`${A}/us-east-1`]: ['alpha'],
      [`${B}/eu-west-1`]: new Error('AccessDeniedException: not authorized'),
    });
    const directory = DefaultClusterDirectory.fromConfig(
      { clusters: [], discovery },
      { eks },
    );

    const { clusters, errors } = await directory.list();
    expect(clusters).toEqual([
      { name: 'alpha', accountId: A, region: 'us-east-1', source: 'discovery' },
    ]);
    expect(errors).toEqual([
      expect.objectContaining({ accountId: B, region: 'eu-west-1' }),
    ]);
    expect((await directory.find('alpha')).cluster?.accountId).toBe(A);
    const missing = await directory.find('beta');
    expect(missing.cluster).toBeUndefined();
    expect(missing.errors).toHaveLength(1);
  });

  it('answers configured clusters without listing, and reuses a clean listing for a minute', async () => {
    let now = 0;
    const { eks, calls } = fakeEks({ [`${A}/us-east-1`]: ['alpha'] });
    const directory = DefaultClusterDirectory.fromConfig(
      {
        clusters: [{ name: 'prod', accountId: B, region: 'eu-west-1' }],
        discovery,
      },
      { eks, now: () => now },
    );

    expect((await directory.find('prod')).cluster?.source).toBe('config');
    expect(calls).toEqual([]);
    await directory.find('alpha');
    await directory.find('alpha');
    expect(calls).toHaveLength(2); // one listing: two account-regions
    now += 61_000;
    await directory.find('alpha');
    expect(calls).toHaveLength(4);
  });

  it('lists again while the last listing had failures', async () => {
    const { eks, calls } = fakeEks({
      [`${A}/us-east-1`]: new Error('ThrottlingException: Rate exceeded'),
    });
    const directory = DefaultClusterDirectory.fromConfig(
      { clusters: [], discovery: [{ accountId: A, regions: ['us-east-1'] }] },
      { eks, now: () => 0 },
    );
    await directory.find('alpha');
    await directory.find('alpha');
    expect(calls).toHaveLength(2);
  });
});
