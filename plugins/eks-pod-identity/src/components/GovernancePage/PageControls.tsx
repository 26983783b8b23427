import { useId } from 'react';
import Box from '@material-ui/core/Box';
import Button from '@material-ui/core/Button';
import MenuItem from '@material-ui/core/MenuItem';
import TextField from '@material-ui/core/TextField';
import Typography from '@material-ui/core/Typography';

export const PAGE_SIZES = [25, 50, 100];

/** Cursor paging: the server gives "next", the client remembers the way back. */
export function PageControls(props: {
  firstRow: number;
  pageSize: number;
  shown: number;
  totalCount?: number;
  hasPrevious: boolean;
  hasNext: boolean;
  onPrevious: () => void;
  onNext: () => void;
  onPageSize: (size: number) => void;
}) {
  const { firstRow: first, pageSize, shown, totalCount } = props;
  const id = useId();
  return (
    <Box
      display="flex"
      alignItems="center"
      justifyContent="flex-end"
      style={{ gap: 16 }}
      mt={1}
      flexWrap="wrap"
    >
      <TextField
        id={id}
        select
        size="small"
        label="Rows"
        value={pageSize}
        onChange={e => props.onPageSize(Number(e.target.value))}
      >
        {PAGE_SIZES.map(size => (
          <MenuItem key={size} value={size}>
            {size}
          </MenuItem>
        ))}
      </TextField>
      <Typography variant="body2" role="status">
        {shown === 0 ? 'No rows' : `${first}–${first + shown - 1}`}
        {shown > 0 &&
          totalCount !== undefined &&
          ` of ${totalCount.toLocaleString()}`}
      </Typography>
      <Button
        size="small"
        onClick={props.onPrevious}
        disabled={!props.hasPrevious}
      >
        Previous page
      </Button>
      <Button size="small" onClick={props.onNext} disabled={!props.hasNext}>
        Next page
      </Button>
    </Box>
  );
}
