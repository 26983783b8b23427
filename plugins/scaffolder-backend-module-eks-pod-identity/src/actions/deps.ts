import { Config } from '@backstage/config';
import {
  AwsClientFactory,
  DefaultEksGateway,
  DefaultIamGateway,
  DefaultKubernetesGateway,
  EksGateway,
  IamGateway,
  InventoryAnalyzer,
  KubernetesGateway,
} from '@pod-identity/plugin-eks-pod-identity-node';
import {
  ClusterDirectory,
  DefaultClusterDirectory,
} from '../services/ClusterDirectory';
import { PlatformGuardrails } from '../services/Guardrails';

/** What the actions work with; every part is an interface tests can swap. */
export interface EksPodIdentityActionDeps {
  clusters: ClusterDirectory;
  iam: IamGateway;
  eks: EksGateway;
  kubernetes: KubernetesGateway;
  guardrails: PlatformGuardrails;
  /** The analysis that raises the findings; every plan goes through it before any change. */
  analyzer: InventoryAnalyzer;
  /** `app.baseUrl`, for the link to the entity page. */
  appBaseUrl?: string;
}

/** The gateways of -node and the guardrails, all from the app config. */
export function actionDepsFromConfig(config: Config): EksPodIdentityActionDeps {
  const clients = AwsClientFactory.fromConfig(config);
  const eks = new DefaultEksGateway(clients);
  return {
    clusters: DefaultClusterDirectory.fromConfig(config, { eks }),
    iam: new DefaultIamGateway(clients),
    eks,
    kubernetes: DefaultKubernetesGateway.fromConfig(config, { clients, eks }),
    guardrails: PlatformGuardrails.fromConfig(config),
    analyzer: InventoryAnalyzer.fromConfig(config),
    appBaseUrl: config.getOptionalString('app.baseUrl'),
  };
}
