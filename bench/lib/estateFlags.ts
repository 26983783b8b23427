/*
 * The benches' estate size flags, shared by every bench that generates an
 * estate: --associations N --clusters C --accounts A [--regions R]. Without
 * flags, the benchmark estate of issue 3 (2,000 associations over 20 clusters
 * in 2 accounts × 2 regions).
 */
import {
  BENCHMARK_ESTATE_SIZE,
  BenchmarkEstateSize,
  benchmarkEstateOptions,
  EstateSeed,
  generateEstate,
  GenerateEstateOptions,
} from '@pod-identity/sandbox';
import { parseArgs } from 'node:util';

export const ESTATE_FLAGS_USAGE =
  '--associations N --clusters C --accounts A [--regions R] (regions per account; default 2)';

const SIZE_FLAGS = ['associations', 'clusters', 'accounts', 'regions'] as const;

export type BenchEstate = {
  size: BenchmarkEstateSize;
  options: GenerateEstateOptions;
  estate: EstateSeed;
};

/**
 * Reads the size flags from `args` (default: this process's arguments) and
 * generates the estate. Bad flags throw an error that names the flag and what
 * it accepts; `extra` declares a bench's own string flags, returned as `flags`.
 */
export function parseEstateFlags(
  args: string[] = process.argv.slice(2),
  extra: string[] = [],
): BenchEstate & { flags: Record<string, string | undefined> } {
  let values: Record<string, string | undefined>;
  try {
    values = parseArgs({
      args,
      options: Object.fromEntries(
        [...SIZE_FLAGS, ...extra].map(name => [name, { type: 'string' }]),
      ),
      strict: true,
      allowPositionals: false,
    }).values as Record<string, string | undefined>;
  } catch (error) {
    throw new Error(
      `${(error as Error).message}; the bench takes ${ESTATE_FLAGS_USAGE}`,
    );
  }
  const size = { ...BENCHMARK_ESTATE_SIZE };
  for (const flag of SIZE_FLAGS) {
    const raw = values[flag];
    if (raw === undefined) continue;
    if (!/^\d+$/.test(raw.replace(/_/g, ''))) {
      throw new Error(
        `--${flag} must be a whole number (e.g. --${flag} ${
          BENCHMARK_ESTATE_SIZE[flag]
        }), got ${JSON.stringify(raw)}`,
      );
    }
    size[flag] = Number(raw.replace(/_/g, ''));
  }
  let options: GenerateEstateOptions;
  let estate: EstateSeed;
  try {
    options = benchmarkEstateOptions(size);
    estate = generateEstate(options);
  } catch (error) {
    throw new Error(`--${(error as Error).message}`);
  }
  const flags = Object.fromEntries(extra.map(name => [name, values[name]]));
  return { size, options, estate, flags };
}

/** `associations=… clusters=… accounts=… regions=…`, for the benches' lines. */
export function sizeFigures(size: BenchmarkEstateSize): string {
  return SIZE_FLAGS.map(flag => `${flag}=${size[flag]}`).join(' ');
}
