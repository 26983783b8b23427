import { Header, Page } from '@backstage/core-components';
import { GovernancePage } from './GovernancePage';

/** The governance page with the header the new frontend system would otherwise draw. */
export function StandaloneGovernancePage() {
  return (
    <Page themeId="tool">
      <Header
        title="EKS Pod Identity"
        subtitle="Which workloads hold which AWS roles, and what to fix"
      />
      <GovernancePage />
    </Page>
  );
}
