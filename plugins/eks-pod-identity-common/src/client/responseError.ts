import { ResponseError } from '@backstage/errors';

/**
 * Builds a `ResponseError` whose cause carries the server's own message.
 * `ResponseError.fromResponse` only recognises Backstage's full error body;
 * the v1 contract promises just `{error:{name,message}}`, so the missing
 * `response.statusCode` is filled in before handing the body over.
 */
export async function toResponseError(
  response: Response,
): Promise<ResponseError> {
  const text = await response.text();
  let body: string = text;
  try {
    const parsed = JSON.parse(text);
    if (parsed?.error?.message && !parsed.response) {
      body = JSON.stringify({
        ...parsed,
        response: { statusCode: response.status },
      });
    }
  } catch {
    // Not JSON (a proxy's HTML page, say): ResponseError reports the raw text.
  }
  return ResponseError.fromResponse({
    ok: response.ok,
    status: response.status,
    statusText: response.statusText,
    url: response.url,
    redirected: response.redirected,
    type: response.type,
    headers: response.headers,
    text: async () => body,
  });
}
