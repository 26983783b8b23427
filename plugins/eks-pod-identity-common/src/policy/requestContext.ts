import type { ContextValue } from '../api/types';

/**
 * The request context with IAM's lookup rules: key names are case-insensitive,
 * and a key the request does not carry is absent (never an error). Every
 * absent key that evaluation consults is remembered, so the answer can say
 * which inputs might change it.
 */
export class RequestContext {
  private readonly values = new Map<string, ContextValue>();
  private readonly missing = new Map<string, string>();

  constructor(context: Record<string, ContextValue> = {}) {
    for (const [key, value] of Object.entries(context)) {
      if (value !== undefined && value !== null) {
        this.values.set(key.toLowerCase(), value);
      }
    }
  }

  get(key: string): ContextValue | undefined {
    const value = this.values.get(key.toLowerCase());
    if (value === undefined && !this.missing.has(key.toLowerCase())) {
      this.missing.set(key.toLowerCase(), key);
    }
    return value;
  }

  /** The value for a policy variable: only single-valued keys can be substituted. */
  variable(key: string): string | undefined {
    const value = this.get(key);
    return typeof value === 'string' ? value : undefined;
  }

  missingKeys(): string[] {
    return [...this.missing.values()];
  }
}
