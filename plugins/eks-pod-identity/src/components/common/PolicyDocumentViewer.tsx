import Accordion from '@material-ui/core/Accordion';
import AccordionDetails from '@material-ui/core/AccordionDetails';
import AccordionSummary from '@material-ui/core/AccordionSummary';
import Typography from '@material-ui/core/Typography';
import ExpandMoreIcon from '@material-ui/icons/ExpandMore';
import { CodeSnippet } from '@backstage/core-components';
import type { PolicyDocument } from '@pod-identity/plugin-eks-pod-identity-common';

/** A policy as indented JSON, folded until asked for: roles often carry several long ones. */
export function PolicyDocumentViewer(props: {
  title: string;
  subtitle?: string;
  document?: PolicyDocument;
  defaultExpanded?: boolean;
}) {
  const { title, subtitle, document, defaultExpanded } = props;
  return (
    <Accordion
      defaultExpanded={defaultExpanded}
      TransitionProps={{ unmountOnExit: true }}
    >
      <AccordionSummary expandIcon={<ExpandMoreIcon />}>
        <Typography variant="subtitle2">{title}</Typography>
        {subtitle && (
          <Typography
            variant="caption"
            color="textSecondary"
            style={{
              marginLeft: 8,
              alignSelf: 'center',
              overflowWrap: 'anywhere',
            }}
          >
            {subtitle}
          </Typography>
        )}
      </AccordionSummary>
      <AccordionDetails style={{ display: 'block', overflowX: 'auto' }}>
        {document ? (
          <CodeSnippet
            language="json"
            text={JSON.stringify(document, null, 2)}
            showCopyCodeButton
          />
        ) : (
          <Typography variant="body2" color="textSecondary">
            The document could not be read.
          </Typography>
        )}
      </AccordionDetails>
    </Accordion>
  );
}
