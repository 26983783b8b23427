/**
 * Files an estate names instead of restating them: an access entry's `file`
 * (the JSON or YAML input of `aws eks create-access-entry`) and the YAML
 * files in a cluster's `kubernetes.rbac`. They are read once, relative to the
 * estate file, so the estate provisions exactly what the packages ship.
 */
import { readFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import { parse, parseAllDocuments } from 'yaml';
import { EstateError } from './errors';

type Obj = Record<string, unknown>;

const isObject = (v: unknown): v is Obj =>
  typeof v === 'object' && v !== null && !Array.isArray(v);

async function readText(path: string, where: string) {
  try {
    return await readFile(path, 'utf8');
  } catch (error) {
    throw new EstateError(
      `${where}: cannot read ${path}: ${(error as Error).message}`,
    );
  }
}

async function accessEntryFile(path: string, where: string): Promise<Obj> {
  const text = await readText(path, where);
  let value: unknown;
  try {
    value = parse(text);
  } catch (error) {
    throw new EstateError(
      `${where}: ${path} is not valid JSON or YAML: ${
        (error as Error).message
      }`,
    );
  }
  if (!isObject(value))
    throw new EstateError(`${where}: ${path} must hold an object`);
  // The CLI input names the cluster and principal too; the estate says which.
  const { clusterName: _c, principalArn: _p, ...fields } = value;
  return fields;
}

async function manifestFile(path: string, where: string): Promise<Obj[]> {
  const text = await readText(path, where);
  const docs = parseAllDocuments(text);
  const objects: Obj[] = [];
  for (const doc of Array.isArray(docs) ? docs : [docs]) {
    if (doc.errors.length)
      throw new EstateError(
        `${where}: ${path} is not valid YAML: ${doc.errors[0].message}`,
      );
    const value = doc.toJS();
    if (value === null || value === undefined) continue;
    if (!isObject(value))
      throw new EstateError(
        `${where}: ${path} holds a document that is not an object`,
      );
    objects.push(value);
  }
  return objects;
}

/** The estate with every named file read into it; `baseDir` is the estate file's directory. */
export async function resolveIncludes(
  raw: unknown,
  baseDir: string,
  source: string,
): Promise<unknown> {
  if (!isObject(raw) || !Array.isArray(raw.accounts)) return raw;
  const accounts = await Promise.all(
    raw.accounts.map(async (account, ai) => {
      if (!isObject(account) || !Array.isArray(account.clusters))
        return account;
      const clusters = await Promise.all(
        account.clusters.map(async (cluster, ci) => {
          if (!isObject(cluster)) return cluster;
          const at = `${source}: accounts[${ai}].clusters[${ci}]`;
          const next: Obj = { ...cluster };
          if (Array.isArray(cluster.accessEntries)) {
            next.accessEntries = await Promise.all(
              cluster.accessEntries.map(async (entry, ei) => {
                if (!isObject(entry) || entry.file === undefined) return entry;
                const { file, ...fields } = entry;
                const files = Array.isArray(file) ? file : [file];
                const included = await Promise.all(
                  files.map(f =>
                    accessEntryFile(
                      resolve(baseDir, String(f)),
                      `${at}.accessEntries[${ei}].file`,
                    ),
                  ),
                );
                // Several files make one entry: their Kubernetes groups add up.
                const kubernetesGroups = [
                  ...new Set(
                    included.flatMap(
                      i => (i.kubernetesGroups as string[] | undefined) ?? [],
                    ),
                  ),
                ];
                return {
                  ...Object.assign({}, ...included),
                  ...(kubernetesGroups.length ? { kubernetesGroups } : {}),
                  ...fields,
                };
              }),
            );
          }
          const kubernetes = cluster.kubernetes;
          if (isObject(kubernetes) && Array.isArray(kubernetes.rbac)) {
            const rbac = await Promise.all(
              kubernetes.rbac.map((item, ri) =>
                typeof item === 'string'
                  ? manifestFile(
                      resolve(baseDir, item),
                      `${at}.kubernetes.rbac[${ri}]`,
                    )
                  : Promise.resolve([item]),
              ),
            );
            next.kubernetes = { ...kubernetes, rbac: rbac.flat() };
          }
          return next;
        }),
      );
      return { ...account, clusters };
    }),
  );
  return { ...raw, accounts };
}
