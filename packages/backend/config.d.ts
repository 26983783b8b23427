export interface Config {
  eksPodIdentity?: {
    /**
     * The embedded AWS + Kubernetes emulator, started by this demo backend
     * (src/sandboxConfig.ts) before any plugin reads config. Never enable it
     * in production. Its keys live here, not in the plugins' published schema:
     * the plugins do not know the sandbox.
     */
    sandbox?: {
      enabled?: boolean;
      /** Path of a YAML estate, relative to the repository root. */
      seed?: string;
      /**
       * Port of the emulated AWS endpoint; 0 (default) picks a free one.
       * @minimum 0
       * @maximum 65535
       */
      port?: number;
      /**
       * Port of the emulated Kubernetes API; 0 (default) picks a free one.
       * @minimum 0
       * @maximum 65535
       */
      kubernetesPort?: number;
      /** Latency added to every emulated call, in milliseconds. */
      latencyMs?: number;
      /**
       * Hold every emulated EKS, IAM and STS call to AWS's authorization
       * rules (the caller's policies, boundary, session policy, trust
       * policies). Default true.
       */
      authorization?: boolean;
      /**
       * AWS's eventual consistency, in milliseconds: a new role is unknown
       * to EKS and STS, and a deleted association keeps its service account
       * taken, for this long. Default 1000; 0 turns it off.
       */
      consistencyDelayMs?: number;
      /**
       * Whether each emulated cluster's Kubernetes API signs callers in by
       * their EKS access entry and authorizes them by access policies and
       * RBAC, as EKS does (default: as `authorization`).
       */
      enforceAccessEntries?: boolean;
    };
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
