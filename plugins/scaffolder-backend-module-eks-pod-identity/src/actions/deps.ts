import type {
  LoggerService,
  PermissionsService,
} from '@backstage/backend-plugin-api';
import { Config } from '@backstage/config';
import type { CatalogService } from '@backstage/plugin-catalog-node';
import type { EventsService } from '@backstage/plugin-events-node';
import {
  AwsClientFactory,
  ClusterDirectory,
  DefaultClusterDirectory,
  DefaultEksGateway,
  DefaultIamGateway,
  DefaultInventoryAnalyzer,
  DefaultKubernetesGateway,
  EksGateway,
  EksPodIdentityConfig,
  IamGateway,
  InventoryAnalyzer,
  KubernetesGateway,
  readEksPodIdentityConfig,
} from '@pod-identity/plugin-eks-pod-identity-node';
import {
  ClusterResolver,
  DefaultClusterResolver,
} from '../services/ClusterResolver';
import {
  ChangeAnnouncer,
  EventsChangeAnnouncer,
  silentChangeAnnouncer,
} from '../run/ChangeAnnouncer';
import { PlatformGuardrails } from '../services/Guardrails';
import {
  CatalogRequesterVerifier,
  RequesterVerifier,
} from '../services/Requesters';

/** What the actions work with; every part is an interface tests can swap. */
export interface EksPodIdentityActionDeps {
  clusters: ClusterResolver;
  iam: IamGateway;
  eks: EksGateway;
  kubernetes: KubernetesGateway;
  guardrails: PlatformGuardrails;
  /** The analysis that raises the findings; every plan goes through it before any change. */
  analyzer: InventoryAnalyzer;
  /** Who a run acts for: the verified entity and the platform permission. */
  requesters: RequesterVerifier;
  /** Where the actions announce what they changed, so the inventory re-reads it. */
  changes: ChangeAnnouncer;
  /** `app.baseUrl`, for the link to the entity page. */
  appBaseUrl?: string;
}

/**
 * The gateways of -node and the guardrails from the app config; the catalog and
 * permissions verify the requester; changes are announced through `events`
 * when given. In a backend, the parsed config, the AWS clients and the cluster
 * directory are the suite's root services, shared with the backend plugin so
 * both pace their calls to one AWS throttling bucket with one limiter; tests
 * may leave them out and get their own.
 */
export function actionDepsFromConfig(
  config: Config,
  services: {
    catalog: Pick<CatalogService, 'getEntityByRef'>;
    permissions: PermissionsService;
    events?: EventsService;
    logger?: LoggerService;
    settings?: EksPodIdentityConfig;
    clients?: AwsClientFactory;
    clusters?: ClusterDirectory;
  },
): EksPodIdentityActionDeps {
  const settings = services.settings ?? readEksPodIdentityConfig(config);
  const clients = services.clients ?? AwsClientFactory.fromConfig(config);
  const eks = new DefaultEksGateway(clients);
  return {
    clusters: new DefaultClusterResolver(
      services.clusters ??
        DefaultClusterDirectory.fromConfig(settings, { eks }),
      eks,
    ),
    iam: new DefaultIamGateway(clients),
    eks,
    kubernetes: DefaultKubernetesGateway.fromConfig(config, { clients, eks }),
    guardrails: PlatformGuardrails.fromSettings(settings.guardrails),
    analyzer: new DefaultInventoryAnalyzer({ settings: settings.analysis }),
    requesters: new CatalogRequesterVerifier(
      services.catalog,
      services.permissions,
    ),
    changes: services.events
      ? new EventsChangeAnnouncer(services.events, services.logger)
      : silentChangeAnnouncer,
    appBaseUrl: config.getOptionalString('app.baseUrl'),
  };
}
