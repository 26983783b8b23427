import Chip from '@material-ui/core/Chip';
import { makeStyles, type Theme } from '@material-ui/core/styles';
import type { FindingSeverity } from '@pod-identity/plugin-eks-pod-identity-common';

const filled = (theme: Theme, background: string) => ({
  backgroundColor: background,
  color: theme.palette.getContrastText(background),
  fontWeight: 600,
});

const useStyles = makeStyles<Theme, {}, FindingSeverity>(theme => ({
  critical: filled(theme, theme.palette.error.dark),
  high: filled(theme, theme.palette.error.main),
  medium: filled(theme, theme.palette.warning.dark),
  low: filled(theme, theme.palette.info.main),
  info: filled(theme, theme.palette.grey[600]),
}));

export function SeverityChip(props: {
  severity: FindingSeverity;
  count?: number;
}) {
  const classes = useStyles();
  const { severity, count } = props;
  return (
    <Chip
      size="small"
      className={classes[severity]}
      label={count === undefined ? severity : `${severity} ${count}`}
    />
  );
}
