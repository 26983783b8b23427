/** The committed sandbox TLS material (see certs/README.md): sandbox-only keys, public on purpose. */
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';

export type SandboxTls = { caPem: string; certPem: string; keyPem: string };

export function readSandboxTls(): SandboxTls {
  const dir = resolve(__dirname, '..', '..', 'certs');
  const read = (file: string) => {
    try {
      return readFileSync(resolve(dir, file), 'utf8');
    } catch (error) {
      throw new Error(
        `The sandbox's Kubernetes API needs ${file} in packages/sandbox/certs; run certs/generate.sh to create it (${String(error)})`,
      );
    }
  };
  return { caPem: read('ca.crt'), certPem: read('server.crt'), keyPem: read('server.key') };
}
