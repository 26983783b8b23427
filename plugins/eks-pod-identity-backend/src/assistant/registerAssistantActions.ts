import type { ActionsRegistryService } from '@backstage/backend-plugin-api/alpha';
import { registerEntityAccessAction } from './entityAccessAction';
import { registerSimulateAction } from './simulateAction';
import type { AssistantActionDeps } from './types';
import { registerWhoCanAccessAction } from './whoCanAccessAction';

/**
 * The read-only answers for AI assistants, in Backstage's actions registry
 * (served to MCP clients by @backstage/plugin-mcp-actions-backend). Each
 * checks the calling user's permissions as the REST API does.
 */
export function registerAssistantActions(
  registry: ActionsRegistryService,
  deps: AssistantActionDeps,
) {
  registerEntityAccessAction(registry, deps);
  registerSimulateAction(registry, deps);
  registerWhoCanAccessAction(registry, deps);
}
