/*
 * Demo backend of the EKS Pod Identity plugin suite. With the default
 * app-config.yaml it runs on the embedded sandbox (emulated EKS, IAM, STS and
 * Kubernetes on 127.0.0.1) and SQLite in memory; app-config.production.yaml
 * points the same plugins at real AWS and PostgreSQL.
 */
import { createBackend } from '@backstage/backend-defaults';
import { demoPermissionPolicyModule } from './demoPermissionPolicy';
import { sandboxRootConfigServiceFactory } from './sandboxConfig';

const backend = createBackend();

backend.add(sandboxRootConfigServiceFactory);

backend.add(import('@backstage/plugin-app-backend'));

backend.add(import('@backstage/plugin-auth-backend'));
// Guest sign-in is for the embedded default only; production config must
// configure a real sign-in provider (https://backstage.io/docs/auth/).
backend.add(import('@backstage/plugin-auth-backend-module-guest-provider'));

backend.add(import('@pod-identity/plugin-eks-pod-identity-backend'));
// Serves the actions of `backend.actions.pluginSources` (the plugin's
// read-only answers for assistants) as MCP tools at /api/mcp-actions/v1.
backend.add(import('@backstage/plugin-mcp-actions-backend'));

backend.add(import('@backstage/plugin-catalog-backend'));
backend.add(
  import('@backstage/plugin-catalog-backend-module-scaffolder-entity-model'),
);
backend.add(import('@backstage/plugin-catalog-backend-module-logs'));
backend.add(
  import('@pod-identity/plugin-catalog-backend-module-eks-pod-identity'),
);

backend.add(import('@backstage/plugin-scaffolder-backend'));
// publish:github:pull-request, used by the GitOps template (eks-pod-identity-new-service).
backend.add(import('@backstage/plugin-scaffolder-backend-module-github'));
backend.add(
  import('@pod-identity/plugin-scaffolder-backend-module-eks-pod-identity'),
);

// Open on the embedded default only; with the sandbox off, the policy of
// ./permissionPolicy.ts (README.md, "Permissions").
backend.add(import('@backstage/plugin-permission-backend'));
backend.add(demoPermissionPolicyModule);

backend.add(import('@backstage/plugin-events-backend'));
// CloudTrail events of changes made outside Backstage, from the EventBridge
// rule's SQS queue (README, "Freshness through CloudTrail events").
backend.add(import('@backstage/plugin-events-backend-module-aws-sqs'));
backend.add(import('@backstage/plugin-notifications-backend'));
backend.add(import('@backstage/plugin-signals-backend'));

backend.start();
