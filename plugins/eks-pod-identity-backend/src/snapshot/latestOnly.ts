/**
 * Hands each value to `consume`, one call at a time; values that arrive while
 * a call runs wait, and only the newest of them is consumed next. For
 * consumers whose call covers everything up to its value (the access history
 * diffs a view against the last one it recorded), so skipped values lose
 * nothing and a burst of new views costs two calls instead of one per view.
 */
export function latestOnly<T>(
  consume: (value: T) => Promise<unknown>,
): (value: T) => void {
  let running = false;
  let waiting: { value: T } | undefined;
  const next = async () => {
    running = true;
    while (waiting) {
      const { value } = waiting;
      waiting = undefined;
      // The consumer reports its own failures; the next value still goes.
      await consume(value).catch(() => undefined);
    }
    running = false;
  };
  return value => {
    waiting = { value };
    if (!running) void next();
  };
}
