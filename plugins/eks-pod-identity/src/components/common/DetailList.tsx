import type { ReactNode } from 'react';
import { makeStyles } from '@material-ui/core/styles';

const useStyles = makeStyles(theme => ({
  list: {
    display: 'grid',
    gridTemplateColumns: 'minmax(8rem, max-content) 1fr',
    columnGap: theme.spacing(2),
    rowGap: theme.spacing(0.5),
    margin: 0,
  },
  term: { color: theme.palette.text.secondary, fontWeight: 500 },
  value: { margin: 0, overflowWrap: 'anywhere', minWidth: 0 },
}));

/** Label / value pairs as a description list. */
export function DetailList(props: {
  items: [label: string, value: ReactNode][];
}) {
  const classes = useStyles();
  return (
    <dl className={classes.list}>
      {props.items.map(([label, value]) => (
        <div key={label} style={{ display: 'contents' }}>
          <dt className={classes.term}>{label}</dt>
          <dd className={classes.value}>{value}</dd>
        </div>
      ))}
    </dl>
  );
}
