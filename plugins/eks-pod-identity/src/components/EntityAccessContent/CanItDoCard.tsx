import { useId, useState, type FormEvent } from 'react';
import Box from '@material-ui/core/Box';
import Button from '@material-ui/core/Button';
import TextField from '@material-ui/core/TextField';
import {
  InfoCard,
  Progress,
  ResponseErrorPanel,
} from '@backstage/core-components';
import { useSimulation } from '../../hooks/useSimulation';
import { ActionAutocomplete } from './ActionAutocomplete';
import {
  ContextEntriesEditor,
  toRequestContext,
  type ContextEntry,
} from './ContextEntriesEditor';
import { SimulationResults } from './SimulationResults';
import { useTranslationRef } from '@backstage/frontend-plugin-api';
import { eksPodIdentityTranslationRef } from '../../translation';

/** "Can it do…?": simulate one request against every role the entity runs with. */
export function CanItDoCard(props: { entityRef: string }) {
  const [action, setAction] = useState('');
  const [resource, setResource] = useState('');
  const [context, setContext] = useState<ContextEntry[]>([]);
  const [state, simulate] = useSimulation();
  const id = useId();
  const { t } = useTranslationRef(eksPodIdentityTranslationRef);

  const submit = (event: FormEvent) => {
    event.preventDefault();
    simulate({
      entityRef: props.entityRef,
      action: action.trim(),
      resource: resource.trim() || '*',
      context: toRequestContext(context),
    });
  };

  return (
    <InfoCard
      title={t('entityTab.canItDoTitle')}
      subheader="Simulates one request against the roles, boundaries and session policies above"
    >
      <form onSubmit={submit} aria-label="Can it do">
        <Box
          display="grid"
          gridTemplateColumns="minmax(12rem, 1fr) minmax(16rem, 2fr) auto"
          style={{ gap: 8 }}
          alignItems="start"
        >
          <ActionAutocomplete value={action} onChange={setAction} />
          <TextField
            id={`${id}-resource`}
            label="Resource ARN"
            placeholder="arn:aws:s3:::my-bucket/key (empty = *)"
            variant="outlined"
            size="small"
            value={resource}
            onChange={e => setResource(e.target.value)}
          />
          <Button
            type="submit"
            variant="contained"
            color="primary"
            disabled={!action.trim() || state.loading}
          >
            Check
          </Button>
        </Box>
        <Box mt={1}>
          <ContextEntriesEditor entries={context} onChange={setContext} />
        </Box>
      </form>
      {state.loading && <Progress />}
      {state.error && <ResponseErrorPanel error={state.error} />}
      {state.value && !state.loading && (
        <SimulationResults results={state.value} />
      )}
    </InfoCard>
  );
}
