import { SchedulerServiceTaskScheduleDefinitionConfig } from '@backstage/backend-plugin-api';

export interface Config {
  catalog?: {
    providers?: {
      /**
       * IAM roles and EKS clusters used by Pod Identity as catalog entities,
       * read from the eks-pod-identity backend plugin. Without this block the
       * module does nothing.
       */
      eksPodIdentity?: {
        /**
         * Entity ref of the group that owns the cluster entities, and the role
         * entities used by no catalog entity or by entities of several owners,
         * e.g. `group:default/platform-team`.
         */
        platformOwner: string;
        /**
         * How often entities are synced and findings checked for
         * notifications. Default: every 5 minutes, 3 minutes timeout.
         */
        schedule?: SchedulerServiceTaskScheduleDefinitionConfig;
        notifications?: {
          /**
           * Notify the owner of a catalog entity when a scan finds a new
           * critical or high finding on it. Default true.
           */
          enabled?: boolean;
        };
      };
    };
  };
}
