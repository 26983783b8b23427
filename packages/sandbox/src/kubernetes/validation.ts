/** Name and label rules of the Kubernetes API server, with its own wording. */
import { badRequest, StatusCause } from './status';

const LABEL = '[a-z0-9]([-a-z0-9]*[a-z0-9])?';
const SUBDOMAIN = `${LABEL}(\\.${LABEL})*`;
const QUALIFIED_NAME = '([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]';
const LABEL_VALUE = `(${QUALIFIED_NAME})?`;

const whole = (pattern: string) => new RegExp(`^${pattern}$`);
const labelRe = whole(LABEL);
const subdomainRe = whole(SUBDOMAIN);
const qualifiedNameRe = whole(QUALIFIED_NAME);
const labelValueRe = whole(LABEL_VALUE);

const SUBDOMAIN_HELP = `a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' or '.', and must start and end with an alphanumeric character (e.g. 'example.com', regex used for validation is '${SUBDOMAIN}')`;
const LABEL_HELP = `a lowercase RFC 1123 label must consist of lower case alphanumeric characters or '-', and must start and end with an alphanumeric character (e.g. 'my-name',  or '123-abc', regex used for validation is '${LABEL}')`;
const QUALIFIED_NAME_HELP = `name part must consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyName',  or 'my.name',  or '123-abc', regex used for validation is '${QUALIFIED_NAME}')`;
const LABEL_VALUE_HELP = `a valid label must be an empty string or consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyValue',  or 'my_value',  or '12345', regex used for validation is '${LABEL_VALUE}')`;

function invalidValue(field: string, value: string, why: string): StatusCause {
  return {
    reason: 'FieldValueInvalid',
    message: `Invalid value: ${JSON.stringify(value)}: ${why}`,
    field,
  };
}

/** Problems with an object name; empty when it is valid. */
export function nameProblems(
  name: string,
  format: 'label' | 'subdomain',
  field = 'metadata.name',
): StatusCause[] {
  const max = format === 'label' ? 63 : 253;
  const causes: StatusCause[] = [];
  if (name.length > max) {
    causes.push(
      invalidValue(field, name, `must be no more than ${max} characters`),
    );
  }
  if (!(format === 'label' ? labelRe : subdomainRe).test(name)) {
    causes.push(
      invalidValue(
        field,
        name,
        format === 'label' ? LABEL_HELP : SUBDOMAIN_HELP,
      ),
    );
  }
  return causes;
}

/** Why a label or annotation key is malformed, or undefined when it is fine. */
export function qualifiedNameProblem(key: string): string | undefined {
  const slash = key.indexOf('/');
  const prefix = slash >= 0 ? key.slice(0, slash) : undefined;
  const name = slash >= 0 ? key.slice(slash + 1) : key;
  if (prefix !== undefined) {
    if (prefix.length === 0) return 'prefix part must be non-empty';
    if (prefix.length > 253)
      return 'prefix part must be no more than 253 characters';
    if (!subdomainRe.test(prefix)) return `prefix part ${SUBDOMAIN_HELP}`;
  }
  if (name.length === 0) return 'name part must be non-empty';
  if (name.length > 63) return 'name part must be no more than 63 characters';
  if (!qualifiedNameRe.test(name)) return QUALIFIED_NAME_HELP;
  return undefined;
}

export function labelValueProblem(value: string): string | undefined {
  if (value.length > 63) return 'must be no more than 63 characters';
  if (!labelValueRe.test(value)) return LABEL_VALUE_HELP;
  return undefined;
}

/** Problems with metadata.labels / metadata.annotations; throws 400 when they are not string maps at all. */
export function metadataMapProblems(
  metadata: Record<string, unknown>,
): StatusCause[] {
  const causes: StatusCause[] = [];
  for (const field of ['labels', 'annotations'] as const) {
    const map = metadata[field];
    if (map === undefined || map === null) continue;
    if (typeof map !== 'object' || Array.isArray(map)) {
      throw badRequest(`metadata.${field} must be an object of strings`);
    }
    for (const [key, value] of Object.entries(map)) {
      if (typeof value !== 'string') {
        throw badRequest(
          `metadata.${field}["${key}"] must be a string, not ${JSON.stringify(
            value,
          )}`,
        );
      }
      const keyProblem = qualifiedNameProblem(key);
      if (keyProblem)
        causes.push(invalidValue(`metadata.${field}`, key, keyProblem));
      const valueProblem =
        field === 'labels' ? labelValueProblem(value) : undefined;
      if (valueProblem)
        causes.push(invalidValue(`metadata.${field}`, value, valueProblem));
    }
  }
  return causes;
}
