import { useId } from 'react';
import Box from '@material-ui/core/Box';
import Button from '@material-ui/core/Button';
import IconButton from '@material-ui/core/IconButton';
import TextField from '@material-ui/core/TextField';
import DeleteIcon from '@material-ui/icons/Delete';

export interface ContextEntry {
  key: string;
  value: string;
}

function ContextEntryRow(props: {
  entry: ContextEntry;
  position: number;
  onChange: (patch: Partial<ContextEntry>) => void;
  onRemove: () => void;
}) {
  const { entry, position, onChange, onRemove } = props;
  const id = useId();
  return (
    <Box display="flex" alignItems="center" style={{ gap: 8 }} mb={1}>
      <TextField
        id={`${id}-key`}
        label="Context key"
        placeholder="aws:SourceIp"
        size="small"
        variant="outlined"
        value={entry.key}
        onChange={e => onChange({ key: e.target.value })}
      />
      <TextField
        id={`${id}-value`}
        label="Value"
        placeholder="comma separates several values"
        size="small"
        variant="outlined"
        value={entry.value}
        onChange={e => onChange({ value: e.target.value })}
      />
      <IconButton
        aria-label={`Remove context key ${entry.key || position}`}
        onClick={onRemove}
      >
        <DeleteIcon />
      </IconButton>
    </Box>
  );
}

/** Condition keys the simulated request carries, as key/value rows. */
export function ContextEntriesEditor(props: {
  entries: ContextEntry[];
  onChange: (entries: ContextEntry[]) => void;
}) {
  const { entries, onChange } = props;
  const update = (index: number, patch: Partial<ContextEntry>) =>
    onChange(entries.map((e, i) => (i === index ? { ...e, ...patch } : e)));
  return (
    <Box>
      {entries.map((entry, i) => (
        <ContextEntryRow
          key={i}
          entry={entry}
          position={i + 1}
          onChange={patch => update(i, patch)}
          onRemove={() => onChange(entries.filter((_, j) => j !== i))}
        />
      ))}
      <Button
        size="small"
        onClick={() => onChange([...entries, { key: '', value: '' }])}
      >
        Add context key
      </Button>
    </Box>
  );
}

/** Rows with a key become the request context; a comma-separated value becomes a list. */
export function toRequestContext(
  entries: ContextEntry[],
): Record<string, string | string[]> | undefined {
  const filled = entries.filter(e => e.key.trim());
  if (filled.length === 0) return undefined;
  return Object.fromEntries(
    filled.map(e => {
      const values = e.value.split(',').map(v => v.trim());
      return [e.key.trim(), values.length > 1 ? values : values[0]];
    }),
  );
}
