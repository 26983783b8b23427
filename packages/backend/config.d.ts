export interface Config {
  eksPodIdentity?: {
    /**
     * The demo backend's permission policy (src/permissionPolicy.ts), used
     * whenever `eksPodIdentity.sandbox.enabled` is not true.
     */
    permissions?: {
      /**
       * Group whose members read the inventory (the governance page), trigger
       * rescans and act on other teams' access: the `eks-pod-identity.*`
       * permissions. An entity ref such as `group:default/platform-team`;
       * a bare name means a group in the default namespace.
       */
      platformGroup: string;
      /**
       * Groups whose members may run the `eks-pod-identity:*` scaffolder
       * actions, which act with the backend's AWS identity. Defaults to the
       * platform group alone.
       */
      actionGroups?: string[];
    };
  };
}
