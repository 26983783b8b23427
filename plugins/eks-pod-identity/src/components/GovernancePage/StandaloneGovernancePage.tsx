import { Header, Page } from '@backstage/core-components';
import { useTranslationRef } from '@backstage/frontend-plugin-api';
import { eksPodIdentityTranslationRef } from '../../translation';
import { GovernancePage } from './GovernancePage';

/** The governance page with the header the new frontend system would otherwise draw. */
export function StandaloneGovernancePage() {
  const { t } = useTranslationRef(eksPodIdentityTranslationRef);
  return (
    <Page themeId="tool">
      <Header
        title={t('governancePage.title')}
        subtitle={t('governancePage.subtitle')}
      />
      <GovernancePage />
    </Page>
  );
}
