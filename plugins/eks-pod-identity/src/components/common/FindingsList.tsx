import List from '@material-ui/core/List';
import ListItem from '@material-ui/core/ListItem';
import Typography from '@material-ui/core/Typography';
import Box from '@material-ui/core/Box';
import type { Finding } from '@pod-identity/plugin-eks-pod-identity-common';
import { sortFindings } from '../../utils/findings';
import { RightSizeButton } from './RightSizeButton';
import { SeverityChip } from './SeverityChip';

/** Findings worst first, each with what triggered it and how to fix it. */
export function FindingsList(props: {
  findings: readonly Finding[];
  emptyText?: string;
  /** Name what each finding is about: needed where findings of many subjects are mixed. */
  showSubject?: boolean;
}) {
  const findings = sortFindings(props.findings);
  if (findings.length === 0) {
    return (
      <Typography variant="body2" color="textSecondary">
        {props.emptyText ?? 'No findings.'}
      </Typography>
    );
  }
  return (
    <List dense disablePadding aria-label="Findings">
      {findings.map((f, i) => (
        <ListItem
          key={`${f.code}-${f.subject.id}-${i}`}
          divider
          disableGutters
          alignItems="flex-start"
        >
          <Box display="flex" flexDirection="column" width="100%">
            <Box
              display="flex"
              alignItems="center"
              style={{ gap: 8 }}
              flexWrap="wrap"
            >
              <SeverityChip severity={f.severity} />
              <Typography variant="subtitle2" component="span">
                {f.title}
              </Typography>
              <Typography
                variant="caption"
                color="textSecondary"
                component="code"
              >
                {f.code}
              </Typography>
            </Box>
            {props.showSubject && (
              <Typography
                variant="caption"
                color="textSecondary"
                style={{ overflowWrap: 'anywhere' }}
              >
                {f.subject.type} {f.subject.id}
              </Typography>
            )}
            <Typography
              variant="body2"
              style={{ marginTop: 4, overflowWrap: 'anywhere' }}
            >
              {f.detail}
            </Typography>
            <Typography
              variant="body2"
              color="textSecondary"
              style={{ overflowWrap: 'anywhere' }}
            >
              <strong>Fix:</strong> {f.remediation}
            </Typography>
            {f.code === 'PERMISSIONS_UNUSED' && f.subject.type === 'role' && (
              <RightSizeButton roleArn={f.subject.id} />
            )}
          </Box>
        </ListItem>
      ))}
    </List>
  );
}
