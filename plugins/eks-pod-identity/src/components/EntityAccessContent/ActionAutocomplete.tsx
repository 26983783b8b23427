import TextField from '@material-ui/core/TextField';
import Autocomplete from '@material-ui/lab/Autocomplete';
import type { ActionSuggestion } from '@pod-identity/plugin-eks-pod-identity-common';
import { useActionSuggestions } from '../../hooks/useActionSuggestions';

/** Free text with suggestions from the backend's action catalogue. */
export function ActionAutocomplete(props: {
  value: string;
  onChange: (value: string) => void;
}) {
  const { value, onChange } = props;
  const { value: suggestions = [], loading } = useActionSuggestions(value);
  return (
    <Autocomplete<ActionSuggestion | string, false, false, true>
      freeSolo
      options={suggestions}
      loading={loading}
      filterOptions={options => options}
      getOptionLabel={option =>
        typeof option === 'string' ? option : option.action
      }
      renderOption={option =>
        typeof option === 'string' ? (
          option
        ) : (
          <span>
            <code>{option.action}</code>{' '}
            <small style={{ opacity: 0.7 }}>
              {option.accessLevels.join(', ')}
            </small>
          </span>
        )
      }
      inputValue={value}
      onInputChange={(_, text) => onChange(text)}
      onChange={(_, option) => {
        if (option)
          onChange(typeof option === 'string' ? option : option.action);
      }}
      renderInput={params => (
        <TextField
          {...params}
          required
          label="Action"
          placeholder="s3:GetObject"
          variant="outlined"
          size="small"
        />
      )}
    />
  );
}
