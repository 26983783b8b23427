import type { RequestContext } from '../context';
import type { QueryParams } from './params';
import type { XmlValue } from './xml';

export type QueryHandler = (
  params: QueryParams,
  ctx: RequestContext,
) => XmlValue | Promise<XmlValue>;

/** A Query/XML service: its API version, XML namespace and operations by Action name. */
export type QueryService = {
  name: 'iam' | 'sts';
  version: string;
  namespace: string;
  handlers: Record<string, QueryHandler>;
};
