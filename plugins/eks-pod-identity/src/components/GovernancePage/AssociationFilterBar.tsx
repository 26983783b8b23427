import { useEffect, useId, useState } from 'react';
import Box from '@material-ui/core/Box';
import MenuItem from '@material-ui/core/MenuItem';
import TextField from '@material-ui/core/TextField';
import useDebounce from 'react-use/esm/useDebounce';
import {
  FINDING_CODES,
  type ClusterStatus,
  type FindingCode,
} from '@pod-identity/plugin-eks-pod-identity-common';
import type { AssociationFilters } from '../../hooks/useAssociationsPage';

type TextFilter = 'namespace' | 'roleArn' | 'owner';

/** Applies typed text once typing pauses, so the table doesn't refetch on every key. */
function DebouncedTextFilter(props: {
  label: string;
  placeholder: string;
  value?: string;
  onChange: (value: string | undefined) => void;
}) {
  const { label, placeholder, value, onChange } = props;
  const id = useId();
  const [draft, setDraft] = useState(value ?? '');
  useEffect(() => setDraft(value ?? ''), [value]);
  useDebounce(
    () => {
      if (draft.trim() !== (value ?? '')) onChange(draft.trim() || undefined);
    },
    400,
    [draft],
  );
  return (
    <TextField
      id={id}
      label={label}
      placeholder={placeholder}
      size="small"
      variant="outlined"
      value={draft}
      onChange={e => setDraft(e.target.value)}
    />
  );
}

export function AssociationFilterBar(props: {
  filters: AssociationFilters;
  clusters: ClusterStatus[];
  onChange: (filters: AssociationFilters) => void;
}) {
  const { filters, clusters, onChange } = props;
  const id = useId();
  const set = (patch: Partial<AssociationFilters>) =>
    onChange({ ...filters, ...patch });
  const text = (key: TextFilter, label: string, placeholder: string) => (
    <DebouncedTextFilter
      label={label}
      placeholder={placeholder}
      value={filters[key]}
      onChange={value => set({ [key]: value })}
    />
  );
  return (
    <Box
      display="grid"
      gridTemplateColumns="repeat(auto-fit, minmax(11rem, 1fr))"
      style={{ gap: 8 }}
      mb={2}
      role="search"
      aria-label="Filter associations"
    >
      <TextField
        id={`${id}-cluster`}
        select
        label="Cluster"
        size="small"
        variant="outlined"
        value={filters.cluster ?? ''}
        onChange={e => set({ cluster: e.target.value || undefined })}
      >
        <MenuItem value="">All clusters</MenuItem>
        {clusters.map(c => (
          <MenuItem key={c.name} value={c.name}>
            {c.name}
          </MenuItem>
        ))}
      </TextField>
      {text('namespace', 'Namespace', 'team-orders')}
      {text('roleArn', 'Role ARN', 'arn:aws:iam::…:role/…')}
      <TextField
        id={`${id}-finding`}
        select
        label="Finding"
        size="small"
        variant="outlined"
        value={filters.finding ?? ''}
        onChange={e =>
          set({
            finding: (e.target.value || undefined) as FindingCode | undefined,
          })
        }
      >
        <MenuItem value="">Any finding or none</MenuItem>
        {FINDING_CODES.map(code => (
          <MenuItem key={code} value={code}>
            {code}
          </MenuItem>
        ))}
      </TextField>
      {text('owner', 'Owner', 'group:default/team-orders')}
    </Box>
  );
}
