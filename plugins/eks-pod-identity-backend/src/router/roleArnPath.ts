import type { RequestHandler } from 'express';

const ROLE_PATH = /^\/v1\/roles\/([^?]+\/[^?]*)(\?.*)?$/;

/**
 * `GET /v1/roles/:roleArn` takes the ARN as one URL-encoded path segment, as
 * the generated clients send it. A role ARN typed by hand often keeps the
 * slashes of its path (`.../role/apps/orders`); this folds them into the one
 * segment before the spec's routing sees the request.
 */
export function encodeRoleArnPath(): RequestHandler {
  return (req, _res, next) => {
    const match = ROLE_PATH.exec(req.url);
    if (match) {
      let arn = match[1];
      try {
        arn = decodeURIComponent(arn);
      } catch {
        // Left as sent: the route's ARN check reports it.
      }
      req.url = `/v1/roles/${encodeURIComponent(arn)}${match[2] ?? ''}`;
    }
    next();
  };
}
