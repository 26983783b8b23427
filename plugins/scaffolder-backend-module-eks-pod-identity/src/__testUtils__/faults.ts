import type {
  KubernetesClusterClient,
  KubernetesGateway,
} from '@pod-identity/plugin-eks-pod-identity-node';

type Writes =
  | 'createNamespace'
  | 'createServiceAccount'
  | 'patchServiceAccount';

/**
 * The real Kubernetes gateway, except that the next call of one write fails
 * like an API server error. The sandbox injects faults into AWS calls only
 * (failNext); this does the same for the Kubernetes side.
 */
export function failNextKubernetesWrite(
  gateway: KubernetesGateway,
  write: Writes,
): KubernetesGateway {
  let armed = true;
  return {
    forCluster(cluster, connection) {
      const client = gateway.forCluster(cluster, connection);
      return new Proxy(client, {
        get(target, name: keyof KubernetesClusterClient) {
          const real = target[name];
          if (name !== write || typeof real !== 'function') return real;
          return async (...args: unknown[]) => {
            if (armed) {
              armed = false;
              throw Object.assign(
                new Error(
                  `HTTP-Code: 500 Message: injected failure of ${write}`,
                ),
                { code: 500 },
              );
            }
            return (real as Function).apply(target, args);
          };
        },
      });
    },
  };
}
