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
        /** How often entities are synced. Default: every 5 minutes, 3 minutes timeout. */
        schedule?: SchedulerServiceTaskScheduleDefinitionConfig;
        notifications?: {
          /**
           * @deprecated The backend plugin sends the notifications now: use
           * `eksPodIdentity.notifications.enabled`. Still honoured when that
           * key is absent.
           */
          enabled?: boolean;
        };
      };
    };
  };
}
