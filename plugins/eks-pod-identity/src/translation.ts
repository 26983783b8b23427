import { createTranslationRef } from '@backstage/frontend-plugin-api';

/**
 * The plugin's user-visible text. Apps translate or reword it with
 * `createTranslationResource` / `createTranslationMessages` for this ref.
 *
 * @public
 */
export const eksPodIdentityTranslationRef = createTranslationRef({
  id: 'plugin.eks-pod-identity',
  messages: {
    governancePage: {
      title: 'EKS Pod Identity',
      subtitle: 'Which workloads hold which AWS roles, and what to fix',
      clustersHeading: 'Clusters',
      associationsTitle: 'Associations',
      ownershipTitle: 'Ownership',
      rescanAll: 'Rescan all clusters',
      rescanCluster: 'Rescan',
      exportCsv: 'Export CSV',
      exporting: 'Exporting…',
    },
    permissionPanel: {
      title: 'You need the {{permission}} permission',
      description:
        'The EKS Pod Identity inventory of every cluster is shown to holders of {{permission}}. Ask your platform team for it; the AWS access tab of the components you can see needs no extra permission.',
    },
    entityTab: {
      requestAccess: 'Request access',
      requestMoreAccess: 'Request more access',
      canItDoTitle: 'Can it do…?',
      associationSection: 'Pod Identity association',
      roleSection: 'IAM role',
      effectiveAccessSection: 'Effective access',
      findingsSection: 'Findings',
    },
    history: {
      entityTitle: 'History',
      governanceTitle: 'Recent changes',
      empty: 'No access changes recorded yet.',
      when: 'When',
      who: 'Made by',
      what: 'Change',
      loadMore: 'Show older changes',
      exportCsv: 'Export changes (CSV)',
      exporting: 'Exporting…',
      // Plural keys: the only way a count reaches a message in every
      // frontend-plugin-api the range accepts.
      exported_one: '{{count}} row exported',
      exported_other: '{{count}} rows exported',
    },
    entityCard: {
      title: 'AWS access',
    },
    accessUsage: {
      column: 'Used / granted',
      summary:
        'Used / granted: {{used}} of {{granted}} services in the last {{days}} days',
      used: 'used',
      unused: 'not used in {{days}} days',
      lastAccessed: 'last {{date}}',
      trackedActions: '{{used}} / {{granted}} tracked actions',
      rightSize: 'Right-size this role',
      rightSizeElsewhere:
        'Managed outside Backstage: narrow the policy where it is defined; the finding names the statements.',
    },
    noMapping: {
      titleUnmapped:
        'This component is not mapped to any Kubernetes service account',
      titleNotFound:
        'No service account of this component was found on the scanned clusters',
      intro:
        'AWS access is read from the service accounts a component runs as. There are three ways to tell Backstage which ones:',
    },
  },
});
