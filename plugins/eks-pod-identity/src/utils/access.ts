import type {
  AccessLevel,
  AccessSummary,
} from '@pod-identity/plugin-eks-pod-identity-common';

/** Column order of the access table: least to most powerful. */
export const ACCESS_LEVELS: readonly AccessLevel[] = [
  'List',
  'Read',
  'Write',
  'Permissions management',
  'Tagging',
];

/** Services where some effective action writes or manages permissions. */
export function servicesWithWriteAccess(summary: AccessSummary): string[] {
  return summary.services
    .filter(s => s.levels.Write > 0 || s.levels['Permissions management'] > 0)
    .map(s => s.service);
}
