import type {
  LoggerService,
  PermissionsService,
} from '@backstage/backend-plugin-api';
import { Config } from '@backstage/config';
import type { CatalogService } from '@backstage/plugin-catalog-node';
import type { EventsService } from '@backstage/plugin-events-node';
import {
  AwsClientFactory,
  DefaultEksGateway,
  DefaultIamGateway,
  DefaultKubernetesGateway,
  EksGateway,
  IamGateway,
  DefaultInventoryAnalyzer,
  KubernetesGateway,
} from '@pod-identity/plugin-eks-pod-identity-node';
import {
  ClusterDirectory,
  DefaultClusterDirectory,
} from '../services/ClusterDirectory';
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
  clusters: ClusterDirectory;
  iam: IamGateway;
  eks: EksGateway;
  kubernetes: KubernetesGateway;
  guardrails: PlatformGuardrails;
  /** The analysis that raises the findings; every plan goes through it before any change. */
  analyzer: DefaultInventoryAnalyzer;
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
 * when given.
 */
export function actionDepsFromConfig(
  config: Config,
  services: {
    catalog: Pick<CatalogService, 'getEntityByRef'>;
    permissions: PermissionsService;
    events?: EventsService;
    logger?: LoggerService;
  },
): EksPodIdentityActionDeps {
  const clients = AwsClientFactory.fromConfig(config);
  const eks = new DefaultEksGateway(clients);
  return {
    clusters: DefaultClusterDirectory.fromConfig(config, { eks }),
    iam: new DefaultIamGateway(clients),
    eks,
    kubernetes: DefaultKubernetesGateway.fromConfig(config, { clients, eks }),
    guardrails: PlatformGuardrails.fromConfig(config),
    analyzer: DefaultInventoryAnalyzer.fromConfig(config),
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
