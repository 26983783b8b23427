import {
  ANNOTATION_KUBERNETES_ID,
  ANNOTATION_SERVICE_ACCOUNTS,
  ENTITY_REF_TAG_KEY,
  Finding,
} from '@pod-identity/plugin-eks-pod-identity-common';
import type { ContestedClaim } from '../types';
import type { FindingContext } from './context';
import { finding, serviceAccountSubject } from './finding';

/**
 * MAPPING_CONTESTED: an entity claims a service account that other entities
 * have proven theirs, or that another entity's kubernetes-id claims too. Exported for the entity access route, which raises it
 * for a claim made after the last scan.
 */
export function mappingContestedFinding(claim: ContestedClaim): Finding {
  const sa = `${claim.namespace}/${claim.serviceAccount}`;
  return finding({
    code: 'MAPPING_CONTESTED',
    subject: serviceAccountSubject(
      claim.cluster,
      claim.namespace,
      claim.serviceAccount,
    ),
    cluster: claim.cluster,
    detail: `${claim.entityRef} claims ${sa} on ${
      claim.cluster
    } through its annotations, but no grant tag names it and no workload label is its kubernetes-id alone, while ${claim.corroboratedBy.join(
      ', ',
    )} ${
      claim.corroboratedBy.length === 1 ? 'has' : 'have'
    } an equal or better claim. Its access is shown only to inventory readers, not on ${
      claim.entityRef
    }.`,
    remediation: `If ${claim.entityRef} does run as ${sa}, label its workloads ${ANNOTATION_KUBERNETES_ID}=<a kubernetes-id no other entity declares>, or grant it access through the eks-pod-identity-grant-access template (which tags the association ${ENTITY_REF_TAG_KEY}); otherwise remove ${sa} from its ${ANNOTATION_SERVICE_ACCOUNTS} annotation or label selector.`,
  });
}

/** One finding per contested claim the catalog mapping reported. */
export function mappingFindings({
  contestedClaims,
}: FindingContext): Finding[] {
  return (contestedClaims ?? []).map(mappingContestedFinding);
}
