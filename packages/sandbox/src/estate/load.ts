import { readFile } from 'node:fs/promises';
import { dirname } from 'node:path';
import { parse } from 'yaml';
import type { EstateSeed } from '../types';
import { resolveIncludes } from './includes';
import { EstateError, validateEstate } from './validate';

/** Reads and validates a YAML (or JSON) estate file; errors name the file and the bad field. */
export async function loadEstate(path: string): Promise<EstateSeed> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (error) {
    throw new EstateError(
      `Cannot read the estate file ${path}: ${(error as Error).message}`,
    );
  }
  let raw: unknown;
  try {
    raw = parse(text);
  } catch (error) {
    throw new EstateError(
      `${path} is not valid YAML: ${(error as Error).message}`,
    );
  }
  return validateEstate(await resolveIncludes(raw, dirname(path), path), path);
}
