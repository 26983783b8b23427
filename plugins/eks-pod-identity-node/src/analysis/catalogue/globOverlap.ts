/**
 * Whether two resource patterns can match a common string. Both may hold IAM
 * wildcards (`*` any run of characters, `?` one character); resource type ARN
 * formats may also hold {@link NAME_WILDCARD}, a run without `/` or `:` (a
 * bucket or table name, unlike an object key or a role path).
 *
 * Used to tell whether a policy's resource pattern can name a resource of the
 * type an action works on: `arn:aws:s3:::orders/*` can name an object but
 * never a bucket.
 */
export const NAME_WILDCARD = '\u0001';

const isRun = (ch: string) => ch === '*' || ch === NAME_WILDCARD;

/** Whether a run token can produce the character `ch` of the other pattern. */
const runAccepts = (run: string, ch: string) =>
  run === '*' || (ch !== '/' && ch !== ':');

export function globsOverlap(a: string, b: string): boolean {
  const width = b.length + 1;
  // 0 = not computed, 1 = overlap, 2 = no overlap.
  const memo = new Uint8Array((a.length + 1) * width);

  // When both sides hold a run, letting either match nothing is enough: a
  // common string can always be shortened so one of them does.
  const overlap = (i: number, j: number): boolean => {
    const cell = i * width + j;
    if (memo[cell]) return memo[cell] === 1;
    let result = false;
    if (i === a.length && j === b.length) {
      result = true;
    } else if (i < a.length && isRun(a[i])) {
      result =
        overlap(i + 1, j) ||
        (j < b.length &&
          (isRun(b[j]) || b[j] === '?' || runAccepts(a[i], b[j])) &&
          overlap(i, j + 1));
    } else if (j < b.length && isRun(b[j])) {
      result =
        overlap(i, j + 1) ||
        (i < a.length &&
          (a[i] === '?' || runAccepts(b[j], a[i])) &&
          overlap(i + 1, j));
    } else if (
      i < a.length &&
      j < b.length &&
      (a[i] === b[j] || a[i] === '?' || b[j] === '?')
    ) {
      result = overlap(i + 1, j + 1);
    }
    memo[cell] = result ? 1 : 2;
    return result;
  };

  return overlap(0, 0);
}
