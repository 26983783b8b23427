import fs from 'node:fs';
import path from 'node:path';
import { readSandboxTls } from './kubernetes/certs';

/** What the package reads from disk at run time must ship with it. */
describe('the published package', () => {
  const root = path.resolve(__dirname, '..');
  const { files } = JSON.parse(
    fs.readFileSync(path.join(root, 'package.json'), 'utf8'),
  ) as { files: string[] };
  const shipped = (file: string) =>
    files.some(entry => file === entry || file.startsWith(`${entry}/`));

  it('includes the Kubernetes API certificates it serves with', () => {
    expect(readSandboxTls().caPem).toContain('BEGIN CERTIFICATE');
    for (const file of [
      'certs/ca.crt',
      'certs/server.crt',
      'certs/server.key',
    ]) {
      expect(fs.existsSync(path.join(root, file))).toBe(true);
      expect({ file, shipped: shipped(file) }).toEqual({ file, shipped: true });
    }
  });
});
