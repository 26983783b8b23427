/*
 * Rules this package's own code must keep (it ships to browsers and must not
 * carry AGPL code): checked over every non-test source file.
 */
import { readdirSync, readFileSync } from 'fs';
import { join, relative } from 'path';

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap(entry => {
    const path = join(dir, entry.name);
    if (entry.isDirectory())
      return entry.name === '__testing__' ? [] : sourceFiles(path);
    return /\.tsx?$/.test(entry.name) && !/\.test\.tsx?$/.test(entry.name)
      ? [path]
      : [];
  });
}

const files = sourceFiles(__dirname).map(path => ({
  path: relative(__dirname, path),
  imports: [...readFileSync(path, 'utf8').matchAll(/from '([^']+)'/g)].map(
    m => m[1],
  ),
}));

describe('package boundaries', () => {
  it('finds the source files', () => {
    expect(files.length).toBeGreaterThan(20);
  });

  it('imports no AGPL @cloud-copilot package outside tests (iam-data is MIT but stays out too)', () => {
    const offending = files.filter(f =>
      f.imports.some(i => i.startsWith('@cloud-copilot/')),
    );
    expect(offending.map(f => f.path)).toEqual([]);
  });

  it('imports only relative modules and browser-safe libraries (no other project package)', () => {
    // The permission types, the typed HTTP client and the error type it rejects with.
    const allowed = [
      '@backstage/plugin-permission-common',
      '@backstage/errors',
      'openapi-fetch',
    ];
    const external = files.flatMap(f =>
      f.imports
        .filter(i => !i.startsWith('.') && !allowed.includes(i))
        .map(i => `${f.path}: ${i}`),
    );
    expect(external).toEqual([]);
  });
});
