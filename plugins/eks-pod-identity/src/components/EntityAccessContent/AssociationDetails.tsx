import Typography from '@material-ui/core/Typography';
import type { Association } from '@pod-identity/plugin-eks-pod-identity-common';
import { formatDateTime } from '../../utils/formatDate';
import { DetailList } from '../common/DetailList';
import { PolicyDocumentViewer } from '../common/PolicyDocumentViewer';

export function AssociationDetails(props: { association?: Association }) {
  const { association } = props;
  if (!association) {
    return (
      <Typography variant="body2" color="textSecondary">
        No Pod Identity association: pods of this service account get no
        credentials from EKS Pod Identity.
      </Typography>
    );
  }
  return (
    <>
      <DetailList
        items={[
          ['Association', <code key="id">{association.id}</code>],
          ['Created', formatDateTime(association.createdAt)],
          ['Modified', formatDateTime(association.modifiedAt)],
          [
            'Session tags',
            association.disableSessionTags ? 'disabled' : 'enabled',
          ],
          [
            'Session policy',
            association.sessionPolicy ? 'yes (below)' : 'none',
          ],
          ['Target role', association.targetRoleArn ?? 'none'],
          [
            'Managed by add-on',
            association.ownerArn
              ? `yes: ${association.ownerArn} (read-only here)`
              : 'no',
          ],
        ]}
      />
      {association.sessionPolicy && (
        <PolicyDocumentViewer
          title="Session policy"
          document={association.sessionPolicy}
        />
      )}
    </>
  );
}
