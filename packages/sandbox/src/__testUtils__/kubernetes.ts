import { DescribeClusterCommand } from '@aws-sdk/client-eks';
import { CoreV1Api, KubeConfig } from '@kubernetes/client-node';
import type { Sandbox } from '../types';
import { awsClients, MAIN } from './aws';
import { eksToken } from './eksToken';

/** A Kubernetes client configured the way the plugins do it: DescribeCluster + an EKS token. */
export async function kubernetesFor(
  sandbox: Sandbox,
  clusterName: string,
  credentials = sandbox.credentialsFor(MAIN),
  region?: string,
) {
  const { cluster } = await awsClients(sandbox, credentials, region).eks.send(
    new DescribeClusterCommand({ name: clusterName }),
  );
  const token = await eksToken({
    stsEndpoint: sandbox.endpoints.sts,
    credentials,
    clusterName,
    region,
  });
  const kc = new KubeConfig();
  kc.loadFromOptions({
    clusters: [
      {
        name: clusterName,
        server: cluster!.endpoint!,
        caData: cluster!.certificateAuthority!.data!,
        skipTLSVerify: false,
      },
    ],
    users: [{ name: 'eks', token }],
    contexts: [{ name: 'eks', cluster: clusterName, user: 'eks' }],
    currentContext: 'eks',
  });
  return kc.makeApiClient(CoreV1Api);
}
