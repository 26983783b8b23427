import {
  RECORDED_EVENT_NAMES,
  type CloudTrailEventBridgeEvent,
} from './managementEvents';

/**
 * The EventBridge rule the README gives platform teams, as an event pattern:
 * only these events reach the queue.
 */
export const EKS_POD_IDENTITY_EVENT_PATTERN = {
  source: ['aws.eks', 'aws.iam'],
  'detail-type': ['AWS API Call via CloudTrail'],
  detail: {
    eventSource: ['eks.amazonaws.com', 'iam.amazonaws.com'],
    eventName: [...RECORDED_EVENT_NAMES.eks, ...RECORDED_EVENT_NAMES.iam],
  },
};

/** EventBridge matching for the pattern's shape: every listed field must hold one of its values. */
export function matchesEventPattern(
  event: CloudTrailEventBridgeEvent,
  pattern = EKS_POD_IDENTITY_EVENT_PATTERN,
): boolean {
  const { detail } = pattern;
  return (
    pattern.source.includes(event.source) &&
    pattern['detail-type'].includes(event['detail-type']) &&
    detail.eventSource.includes(event.detail.eventSource) &&
    (detail.eventName as string[]).includes(event.detail.eventName)
  );
}
