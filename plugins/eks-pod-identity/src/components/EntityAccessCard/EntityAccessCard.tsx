import Typography from '@material-ui/core/Typography';
import {
  InfoCard,
  Progress,
  ResponseErrorPanel,
} from '@backstage/core-components';
import { useRouteRef } from '@backstage/core-plugin-api';
import {
  entityRouteParams,
  entityRouteRef,
  useEntity,
} from '@backstage/plugin-catalog-react';
import { useEntityAccess } from '../../hooks/useEntityAccess';
import { AccessOverview } from './AccessOverview';
import { useTranslationRef } from '@backstage/frontend-plugin-api';
import { eksPodIdentityTranslationRef } from '../../translation';

/** Overview card for the entity page; links to the "AWS access" tab. */
export function EntityAccessCard() {
  const { entity } = useEntity();
  const { t } = useTranslationRef(eksPodIdentityTranslationRef);
  const { value, loading, error } = useEntityAccess(entity);
  const entityRoute = useRouteRef(entityRouteRef);
  const tabLink = `${entityRoute(entityRouteParams(entity))}/aws-access`;

  let body;
  if (loading) body = <Progress />;
  else if (error) body = <ResponseErrorPanel error={error} />;
  else if (!value || value.items.length === 0) {
    body = (
      <Typography variant="body2" color="textSecondary">
        No service account of this component was found, so no AWS access is
        known.
      </Typography>
    );
  } else body = <AccessOverview access={value} />;

  return (
    <InfoCard
      title={t('entityCard.title')}
      deepLink={{ title: 'View AWS access', link: tabLink }}
    >
      {body}
    </InfoCard>
  );
}
