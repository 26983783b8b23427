import FormControl from '@material-ui/core/FormControl';
import MenuItem from '@material-ui/core/MenuItem';
import TextField from '@material-ui/core/TextField';
import type { FieldExtensionComponentProps } from '@backstage/plugin-scaffolder-react';
import { useClusters } from '../../hooks/useClusters';
import { errorMessage } from '../../utils/errors';

/** `ui:options` of the field. */
export interface EksClusterPickerUiOptions {
  /** Only offer these cluster names (the guardrails may allow fewer than are scanned). */
  allowedClusters?: string[];
}

/**
 * Template form field: one of the configured EKS clusters, by name. If the
 * cluster list cannot be read the field becomes free text, so a template run
 * is never blocked by the inventory being down.
 */
export function EksClusterPicker(
  props: FieldExtensionComponentProps<string, EksClusterPickerUiOptions>,
) {
  const {
    onChange,
    required,
    rawErrors,
    formData,
    schema,
    uiSchema,
    idSchema,
  } = props;
  const { value: clusters, loading, error } = useClusters();
  const allowed = uiSchema?.['ui:options']?.allowedClusters;
  const options = (clusters ?? []).filter(
    c => !allowed || allowed.includes(c.name),
  );
  const label = schema.title ?? 'Cluster';
  const invalid = Boolean(rawErrors?.length);
  const common = {
    id: idSchema?.$id,
    label,
    required,
    error: invalid || Boolean(error),
    value: formData ?? '',
    onChange: (e: { target: { value: unknown } }) =>
      onChange(String(e.target.value) || undefined),
  };

  return (
    <FormControl margin="normal" fullWidth required={required} error={invalid}>
      {error ? (
        <TextField
          {...common}
          helperText={`Could not list the clusters (${errorMessage(
            error,
          )}); type the cluster name.`}
        />
      ) : (
        <TextField
          {...common}
          select
          disabled={loading}
          helperText={
            loading
              ? 'Loading clusters…'
              : schema.description ?? 'The EKS cluster the workload runs on'
          }
        >
          {options.map(c => (
            <MenuItem key={c.name} value={c.name}>
              {c.title ? `${c.title} (${c.name})` : c.name} · {c.accountId} ·{' '}
              {c.region}
            </MenuItem>
          ))}
        </TextField>
      )}
    </FormControl>
  );
}
