/** The committed sandbox TLS material (see certs/README.md): sandbox-only keys, public on purpose. */
import { readFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';

export type SandboxTls = { caPem: string; certPem: string; keyPem: string };

export function readSandboxTls(): SandboxTls {
  // Resolved through the package, not __dirname, so that it also holds in bundled builds.
  const dir = resolve(
    dirname(require.resolve('@pod-identity/sandbox/package.json')),
    'certs',
  );
  const read = (file: string) => {
    try {
      return readFileSync(resolve(dir, file), 'utf8');
    } catch (error) {
      throw new Error(
        `The sandbox's Kubernetes API needs ${file} in packages/sandbox/certs; run certs/generate.sh to create it (${String(
          error,
        )})`,
      );
    }
  };
  return {
    caPem: read('ca.crt'),
    certPem: read('server.crt'),
    keyPem: read('server.key'),
  };
}
