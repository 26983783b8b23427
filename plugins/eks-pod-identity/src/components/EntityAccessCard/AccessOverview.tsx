import Box from '@material-ui/core/Box';
import Typography from '@material-ui/core/Typography';
import type { EntityAccessResponse } from '@pod-identity/plugin-eks-pod-identity-common';
import { servicesWithWriteAccess } from '../../utils/access';
import { worstFinding } from '../../utils/findings';
import { DetailList } from '../common/DetailList';
import { SeverityChip } from '../common/SeverityChip';

const listOrNone = (values: string[]) =>
  values.length ? values.join(', ') : 'none';

/** The tab in four lines: roles, clusters, write access, worst finding. */
export function AccessOverview(props: { access: EntityAccessResponse }) {
  const { items } = props.access;
  const roles = [
    ...new Set(
      items
        .flatMap(i => [i.role?.name, i.targetRole?.name])
        .filter((n): n is string => Boolean(n)),
    ),
  ];
  const clusters = [...new Set(items.map(i => i.cluster))];
  const writes = [
    ...new Set(items.flatMap(i => servicesWithWriteAccess(i.access))),
  ].sort();
  const admin = items.some(i => i.access.admin);
  const worst = worstFinding(items.flatMap(i => i.findings));
  return (
    <DetailList
      items={[
        ['Roles', listOrNone(roles)],
        ['Clusters', listOrNone(clusters)],
        [
          'Write access',
          admin ? 'every service (administrator)' : listOrNone(writes),
        ],
        [
          'Worst finding',
          worst ? (
            <Box
              display="flex"
              flexDirection="column"
              alignItems="flex-start"
              style={{ gap: 4 }}
              component="span"
            >
              <SeverityChip severity={worst.severity} />
              <Typography variant="body2" component="span">
                {worst.title}
              </Typography>
            </Box>
          ) : (
            'none'
          ),
        ],
      ]}
    />
  );
}
