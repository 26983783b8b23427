import Box from '@material-ui/core/Box';
import Chip from '@material-ui/core/Chip';
import Typography from '@material-ui/core/Typography';
import { makeStyles } from '@material-ui/core/styles';
import type {
  MatchedStatement,
  PolicyDecision,
  SimulateResult,
} from '@pod-identity/plugin-eks-pod-identity-common';

const DECISION_TEXT: Record<PolicyDecision, string> = {
  allowed: 'Allowed',
  explicitDeny: 'Denied by an explicit Deny',
  implicitDeny: 'Denied: nothing allows it',
};

const useStyles = makeStyles(theme => ({
  allowed: {
    backgroundColor: theme.palette.success.main,
    color: theme.palette.success.contrastText,
  },
  denied: {
    backgroundColor: theme.palette.error.main,
    color: theme.palette.error.contrastText,
  },
  result: {
    borderTop: `1px solid ${theme.palette.divider}`,
    paddingTop: theme.spacing(1),
    marginTop: theme.spacing(1),
  },
}));

function statementText(s: MatchedStatement): string {
  const policy = s.policy.name ?? s.policy.arn ?? s.policy.kind;
  const sid = s.sid ? `"${s.sid}"` : `#${s.index + 1}`;
  return `${s.effect} statement ${sid} of the ${s.policy.kind} policy ${policy}`;
}

export function SimulationResults(props: { results: SimulateResult[] }) {
  const classes = useStyles();
  if (props.results.length === 0) {
    return (
      <Typography variant="body2" color="textSecondary">
        No service account with a role to simulate.
      </Typography>
    );
  }
  return (
    <div aria-live="polite">
      {props.results.map(r => (
        <Box
          key={`${r.cluster}:${r.namespace}/${r.serviceAccount}`}
          className={classes.result}
          role="group"
          aria-label={`Decision for ${r.cluster}: ${r.namespace}/${r.serviceAccount}`}
        >
          <Box
            display="flex"
            alignItems="center"
            style={{ gap: 8 }}
            flexWrap="wrap"
          >
            <Chip
              size="small"
              className={
                r.decision === 'allowed' ? classes.allowed : classes.denied
              }
              label={DECISION_TEXT[r.decision]}
            />
            <Typography variant="subtitle2" component="span">
              {r.cluster}: {r.namespace}/{r.serviceAccount}
            </Typography>
            <Typography
              variant="caption"
              color="textSecondary"
              style={{ overflowWrap: 'anywhere' }}
            >
              as {r.targetRoleArn ?? r.roleArn}
            </Typography>
          </Box>
          <Typography variant="body2" style={{ marginTop: 4 }}>
            {r.explanation}
          </Typography>
          {r.statements.length > 0 && (
            <ul style={{ margin: '4px 0' }} aria-label="Deciding statements">
              {r.statements.map((s, i) => (
                <li key={i}>
                  <Typography variant="body2">{statementText(s)}</Typography>
                </li>
              ))}
            </ul>
          )}
          {r.missingContextKeys.length > 0 && (
            <Typography variant="body2" color="textSecondary">
              The policies test context keys the request did not carry:{' '}
              {r.missingContextKeys.join(', ')}. Add them above to get a
              definite answer.
            </Typography>
          )}
        </Box>
      ))}
    </div>
  );
}
