import { AwsError } from '../errors';

/** The fields of a Query-protocol request (form body or query string), read with IAM's validation messages. */
export class QueryParams {
  constructor(private readonly params: URLSearchParams) {}

  get action(): string | undefined {
    return this.params.get('Action') ?? undefined;
  }

  get version(): string | undefined {
    return this.params.get('Version') ?? undefined;
  }

  optional(name: string): string | undefined {
    return this.params.get(name) ?? undefined;
  }

  required(name: string): string {
    const value = this.params.get(name);
    if (value === null) {
      throw validationError(name, 'null', 'Member must not be null');
    }
    return value;
  }

  /** `Name.member.1`, `Name.member.2`, … in index order. */
  list(name: string): string[] {
    return this.indexed(`${name}.member.`).map(([, value]) => value);
  }

  /** `Tags.member.1.Key` / `Tags.member.1.Value` → [{Key, Value}, …]. */
  structList(name: string): Array<Record<string, string>> {
    const items = new Map<number, Record<string, string>>();
    const prefix = `${name}.member.`;
    for (const [key, value] of this.params) {
      if (!key.startsWith(prefix)) continue;
      const [index, ...field] = key.slice(prefix.length).split('.');
      const item = items.get(Number(index)) ?? {};
      item[field.join('.')] = value;
      items.set(Number(index), item);
    }
    return [...items.entries()]
      .sort(([a], [b]) => a - b)
      .map(([, item]) => item);
  }

  integer(name: string, min: number, max: number): number | undefined {
    const raw = this.params.get(name);
    if (raw === null) return undefined;
    const value = Number(raw);
    if (!Number.isInteger(value)) {
      throw validationError(name, raw, 'Member must be an integer');
    }
    if (value < min) {
      throw validationError(
        name,
        raw,
        `Member must have value greater than or equal to ${min}`,
      );
    }
    if (value > max) {
      throw validationError(
        name,
        raw,
        `Member must have value less than or equal to ${max}`,
      );
    }
    return value;
  }

  boolean(name: string): boolean | undefined {
    const raw = this.params.get(name);
    return raw === null ? undefined : raw === 'true';
  }

  private indexed(prefix: string): Array<[number, string]> {
    const out: Array<[number, string]> = [];
    for (const [key, value] of this.params) {
      if (key.startsWith(prefix) && /^\d+$/.test(key.slice(prefix.length))) {
        out.push([Number(key.slice(prefix.length)), value]);
      }
    }
    return out.sort(([a], [b]) => a - b);
  }
}

function memberName(name: string): string {
  return name.charAt(0).toLowerCase() + name.slice(1);
}

/** IAM's wording: `1 validation error detected: Value 'x' at 'roleName' failed to satisfy constraint: …`. */
export function validationError(
  name: string,
  value: string,
  constraint: string,
): AwsError {
  const shown = value === 'null' ? 'null' : `'${value}'`;
  return new AwsError(
    'ValidationError',
    400,
    `1 validation error detected: Value ${shown} at '${memberName(
      name,
    )}' failed to satisfy constraint: ${constraint}`,
  );
}

export function requirePattern(
  name: string,
  value: string,
  pattern: RegExp,
  shown: string,
  maxLength: number,
): void {
  if (value.length < 1 || value.length > maxLength) {
    throw validationError(
      name,
      value,
      `Member must have length less than or equal to ${maxLength} and greater than or equal to 1`,
    );
  }
  if (!pattern.test(value)) {
    throw validationError(
      name,
      value,
      `Member must satisfy regular expression pattern: ${shown}`,
    );
  }
}
