/** Real @kubernetes/client-node clients against the emulated API, configured as from DescribeCluster. */
import {
  AppsV1Api,
  BatchV1Api,
  CoreV1Api,
  KubeConfig,
  VersionApi,
} from '@kubernetes/client-node';
import type { KubernetesSeed, MutationLogEntry } from '../../types';
import { startKubernetesApi } from '../server';
import { KubernetesApi, KubernetesApiOptions } from '../types';

export const GOOD_TOKEN =
  'k8s-aws-v1.aHR0cHM6Ly9zdHMuYW1hem9uYXdzLmNvbS8_c2FuZGJveA';
export const CLUSTER_KEY = '111111111111.us-east-1.prod-use1';
export const CLUSTER_META = {
  accountId: '111111111111',
  region: 'us-east-1',
  clusterName: 'prod-use1',
  version: '1.31',
};

export function kubeConfig(
  server: string,
  caPem: string,
  token: string | undefined,
) {
  const kc = new KubeConfig();
  kc.loadFromOptions({
    clusters: [
      {
        name: 'eks',
        server,
        caData: Buffer.from(caPem).toString('base64'),
        skipTLSVerify: false,
      },
    ],
    users: [{ name: 'eks', ...(token ? { token } : {}) }],
    contexts: [{ name: 'eks', cluster: 'eks', user: 'eks' }],
    currentContext: 'eks',
  });
  return kc;
}

export function clientsFor(kc: KubeConfig) {
  return {
    core: kc.makeApiClient(CoreV1Api),
    apps: kc.makeApiClient(AppsV1Api),
    batch: kc.makeApiClient(BatchV1Api),
    version: kc.makeApiClient(VersionApi),
  };
}

export type TestApi = {
  api: KubernetesApi;
  mutations: MutationLogEntry[];
  /** Clients for CLUSTER_KEY with a good token. */
  clients: ReturnType<typeof clientsFor>;
  clientsWith(
    token: string | undefined,
    caPem?: string,
    clusterKey?: string,
  ): ReturnType<typeof clientsFor>;
};

/** Starts the API with one cluster (CLUSTER_KEY) seeded from `seed`. */
export async function startTestApi(
  seed?: KubernetesSeed,
  options: Partial<KubernetesApiOptions> = {},
): Promise<TestApi> {
  const mutations: MutationLogEntry[] = [];
  const api = await startKubernetesApi({
    authenticate: token => token === GOOD_TOKEN,
    onMutation: entry => mutations.push(entry),
    ...options,
  });
  api.addCluster(CLUSTER_KEY, seed, CLUSTER_META);
  const clientsWith = (
    token: string | undefined,
    caPem = api.caPem,
    clusterKey = CLUSTER_KEY,
  ) => clientsFor(kubeConfig(api.clusterUrl(clusterKey), caPem, token));
  return { api, mutations, clients: clientsWith(GOOD_TOKEN), clientsWith };
}

/** The error a client call rejects with (fails the test when it resolves). */
export async function failureOf(call: Promise<unknown>): Promise<any> {
  try {
    await call;
  } catch (error) {
    return error;
  }
  throw new Error('expected the call to fail, but it succeeded');
}
