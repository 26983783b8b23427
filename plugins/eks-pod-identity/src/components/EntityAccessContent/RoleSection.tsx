import { useState } from 'react';
import Accordion from '@material-ui/core/Accordion';
import AccordionDetails from '@material-ui/core/AccordionDetails';
import AccordionSummary from '@material-ui/core/AccordionSummary';
import Typography from '@material-ui/core/Typography';
import ExpandMoreIcon from '@material-ui/icons/ExpandMore';
import type { RoleSummary } from '@pod-identity/plugin-eks-pod-identity-common';
import { RolePolicies } from '../common/RolePolicies';
import { RoleSummaryDetails } from './RoleSummaryDetails';

/** A role's summary, and its policy documents fetched only once the user opens them. */
export function RoleSection(props: { role: RoleSummary; label?: string }) {
  const { role, label } = props;
  const [open, setOpen] = useState(false);
  return (
    <>
      <RoleSummaryDetails role={role} label={label} />
      {role.state === 'found' && (
        <Accordion
          expanded={open}
          onChange={(_, expanded) => setOpen(expanded)}
          TransitionProps={{ unmountOnExit: true }}
        >
          <AccordionSummary expandIcon={<ExpandMoreIcon />}>
            <Typography variant="subtitle2">
              Trust and permissions policies of {role.name}
            </Typography>
          </AccordionSummary>
          <AccordionDetails style={{ display: 'block' }}>
            {open && <RolePolicies roleArn={role.arn} />}
          </AccordionDetails>
        </Accordion>
      )}
    </>
  );
}
