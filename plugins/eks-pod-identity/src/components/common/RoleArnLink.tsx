import { Link } from '@backstage/core-components';
import { roleConsoleUrl } from '../../utils/awsConsole';

/** A role's ARN, linked to the IAM console of its partition when it has one. */
export function RoleArnLink(props: { arn: string }) {
  const url = roleConsoleUrl(props.arn);
  if (!url) return <>{props.arn}</>;
  return (
    <Link to={url} externalLinkIcon>
      {props.arn}
    </Link>
  );
}
