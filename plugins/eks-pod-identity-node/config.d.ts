import { SchedulerServiceTaskScheduleDefinitionConfig } from '@backstage/backend-plugin-api';

/*
 * Every `eksPodIdentity` key of the plugin suite is declared here, in one place,
 * even those read by other packages (the backend, the scaffolder module and the
 * demo backend). AWS credentials are not configured here: they come from the
 * standard `aws` block of @backstage/integration-aws-node.
 */
export interface Config {
  eksPodIdentity?: {
    /**
     * Clusters to scan, named explicitly. Cluster names must be unique across
     * all accounts and regions: the catalog annotations and the REST API refer
     * to clusters by name.
     */
    clusters?: Array<{
      /** EKS cluster name. */
      name: string;
      /** 12-digit AWS account id the cluster lives in. */
      accountId: string;
      /** AWS region, e.g. us-east-1. */
      region: string;
      /** Display title shown in the UI. */
      title?: string;
    }>;

    /** Accounts × regions where every cluster (EKS ListClusters) is scanned. */
    discovery?: Array<{
      accountId: string;
      regions: string[];
    }>;

    /**
     * Endpoint overrides for the AWS APIs (VPC endpoints, or the local sandbox).
     * When absent the SDK's regional endpoints are used. The STS endpoint is
     * also where the EKS bearer tokens for the Kubernetes API are presigned.
     */
    endpoints?: {
      eks?: string;
      iam?: string;
      sts?: string;
    };

    /** How the AWS clients behave under throttling and how hard the scanner pushes. */
    requests?: {
      /** Attempts per AWS call, first included (adaptive retry). Default 10. */
      maxAttempts?: number;
      /** Calls in flight at most per account-region (EKS) or account (IAM). Default 8. */
      concurrency?: number;
    };

    /**
     * How often the inventory is rescanned (read by the backend plugin).
     * Default: every 30 minutes, or daily when `eksPodIdentity.cloudTrailEvents`
     * is set (the backend plugin's config.d.ts); 15 minutes timeout.
     */
    schedule?: SchedulerServiceTaskScheduleDefinitionConfig;

    /** The access history (read by the backend plugin: `GET /v1/changes`). */
    history?: {
      /**
       * How long recorded changes are kept; older ones are pruned daily.
       * An ISO duration (`P365D`), a duration string (`365d`) or an object
       * such as `{ days: 365 }`. Default: 365 days.
       */
      retention?:
        | string
        | {
            years?: number;
            months?: number;
            weeks?: number;
            days?: number;
            hours?: number;
          };
    };

    /** Notifications to owners about new findings (the backend plugin sends them). */
    notifications?: {
      /**
       * Notify the owner of a catalog entity, through Backstage's
       * notifications backend, when a scan finds a new critical or high
       * finding on it. Default true; set false when the notifications backend
       * is not installed. Replaces
       * `catalog.providers.eksPodIdentity.notifications.enabled`, which is
       * still honoured when this key is absent.
       */
      enabled?: boolean;
    };

    /**
     * IAM's last-accessed data (PERMISSIONS_UNUSED, "used / granted" on the
     * tab), read by the backend apart from the scan: each role's report is an
     * asynchronous IAM job.
     */
    lastAccessed?: {
      /**
       * How often the reports of the workload roles are read again. IAM
       * updates the data within about four hours. Default: daily, 1 hour timeout.
       */
      schedule?: SchedulerServiceTaskScheduleDefinitionConfig;
      /**
       * A grant not used for this long is unused, e.g. `{ days: 90 }`
       * (default). At most 400 days, IAM's tracking period. A role younger
       * than the window gets no PERMISSIONS_UNUSED.
       */
      window?:
        | {
            years?: number;
            months?: number;
            weeks?: number;
            days?: number;
            hours?: number;
          }
        | string;
    };

    /** Thresholds of the access analysis (findings) that teams tune. */
    analysis?: {
      /** ROLE_UNUSED when a workload role was last used longer ago than this many days, or never. Default 90. */
      unusedRoleDays?: number;
      /** QUOTA_NEAR_LIMIT when a cluster holds at least this percentage of the 5,000 associations EKS allows. Default 80. */
      quotaNearLimitPercent?: number;
      /**
       * NO_PERMISSIONS_BOUNDARY on workload roles without a boundary:
       * `advisory` (default, severity low), `required` (severity high) or `off`.
       */
      permissionsBoundary?: 'required' | 'advisory' | 'off';
      /**
       * TRUST_UNSCOPED on Pod Identity trust that names no cluster, namespace
       * or service account: `advisory` (default, severity low) or `required`
       * (severity high, so the scaffolder refuses it by default).
       */
      scopedTrust?: 'required' | 'advisory';
    };

    /** Limits every scaffolder action enforces (read by the scaffolder module). */
    guardrails?: {
      /** Cluster names (globs such as `prod-*`) actions may touch; all when absent. */
      allowedClusters?: string[];
      /** Namespaces (globs such as `team-*`) actions may touch; all when absent. */
      allowedNamespaces?: string[];
      /** Every role an action creates has a name starting with this. */
      roleNamePrefix?: string;
      /** IAM path of every role an action creates, e.g. `/backstage/`. */
      rolePath?: string;
      /**
       * Permissions boundary attached to every role an action creates;
       * `{accountId}` is replaced with the role's account.
       */
      permissionsBoundaryArn?: string;
      /** Managed policies an action must never attach. */
      deniedPolicyArns?: string[];
      /** Tag keys every created role and association must carry. */
      requiredTags?: string[];
      /**
       * Before any change, the scaffolder actions run the planned role,
       * trust policy, permissions and association through the access
       * analysis; a finding of this severity or worse refuses the plan (an
       * InputError naming the field, the code, the detail and the fix), lower
       * ones are warnings. One of critical, high, medium, low, info. Default high.
       */
      refuseFindingsAtOrAbove?: 'critical' | 'high' | 'medium' | 'low' | 'info';
      /**
       * Accounts a `targetRoleArn` may point into. Default: every account the
       * config names (`aws.accounts`, `eksPodIdentity.clusters`,
       * `eksPodIdentity.discovery`).
       */
      allowedTargetAccounts?: string[];
      /**
       * Trust scopes a role may have (`service-account`, `cluster`, `none`):
       * what a template may request, and what an existing role bound or
       * migrated may admit. Default `[service-account, cluster]`.
       */
      allowedTrustScopes?: Array<'service-account' | 'cluster' | 'none'>;
      /**
       * Existing roles (ARNs or globs, compared case-insensitively with path
       * noise removed) any requester may bind, though no tag says they belong
       * to the requesting entity. Every other guardrail still applies.
       */
      allowedExistingRoleArns?: string[];
    };
  };
}
