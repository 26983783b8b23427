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

type Credentials = Parameters<typeof eksToken>[0]['credentials'];

/**
 * A KubeConfig for a cluster signed in as `credentials`, with the endpoint and
 * CA from the sandbox itself (no DescribeCluster, which the identity may not
 * be allowed): for clients of other API groups and identities with few rights.
 */
export async function kubeConfigFor(
  sandbox: Sandbox,
  clusterName: string,
  credentials: Credentials,
  options: { region?: string; stsEndpoint?: string; signingDate?: Date } = {},
) {
  const token = await eksToken({
    stsEndpoint: options.stsEndpoint ?? sandbox.endpoints.sts,
    credentials,
    clusterName,
    region: options.region,
    signingDate: options.signingDate,
  });
  const kc = new KubeConfig();
  kc.loadFromOptions({
    clusters: [
      {
        name: clusterName,
        server: sandbox.kubernetesUrl(clusterName),
        caData: Buffer.from(sandbox.kubernetesCaPem).toString('base64'),
        skipTLSVerify: false,
      },
    ],
    users: [{ name: 'eks', token }],
    contexts: [{ name: 'eks', cluster: clusterName, user: 'eks' }],
    currentContext: 'eks',
  });
  return kc;
}
