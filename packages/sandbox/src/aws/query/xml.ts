/** Just enough XML writing for the AWS Query protocol's responses. */

export type XmlValue =
  | string
  | number
  | boolean
  | Date
  | undefined
  | null
  | XmlValue[]
  | { [element: string]: XmlValue };

export function escapeXml(text: string): string {
  return text
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&apos;');
}

/** ISO 8601 without milliseconds, as IAM and STS write timestamps. */
export function isoSeconds(date: Date): string {
  return date.toISOString().replace(/\.\d{3}Z$/, 'Z');
}

function content(value: XmlValue): string {
  if (value === null || value === undefined) return '';
  if (value instanceof Date) return isoSeconds(value);
  if (Array.isArray(value))
    return value.map(v => element('member', v)).join('');
  if (typeof value === 'object') {
    return Object.entries(value)
      .filter(([, v]) => v !== undefined)
      .map(([k, v]) => element(k, v))
      .join('');
  }
  return escapeXml(String(value));
}

/** `undefined` members are left out; `null` and empty lists become empty elements. */
export function element(name: string, value: XmlValue): string {
  const inner = content(value);
  return inner === '' ? `<${name}/>` : `<${name}>${inner}</${name}>`;
}

export function queryResponse(
  action: string,
  namespace: string,
  result: XmlValue,
  requestId: string,
): string {
  const resultXml =
    result === undefined ? '' : element(`${action}Result`, result);
  return (
    `<${action}Response xmlns="${namespace}">${resultXml}` +
    `<ResponseMetadata><RequestId>${requestId}</RequestId></ResponseMetadata>` +
    `</${action}Response>`
  );
}

export function queryErrorResponse(
  namespace: string,
  code: string,
  message: string,
  requestId: string,
  status: number,
): string {
  const type = status >= 500 ? 'Receiver' : 'Sender';
  return (
    `<ErrorResponse xmlns="${namespace}"><Error><Type>${type}</Type>` +
    `<Code>${escapeXml(code)}</Code><Message>${escapeXml(
      message,
    )}</Message></Error>` +
    `<RequestId>${requestId}</RequestId></ErrorResponse>`
  );
}
