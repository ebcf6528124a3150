/**
 * Runs `fn` over `items` with at most `concurrency` calls in flight, in order of the items; the first failure
 * rejects (the calls already in flight finish on their own).
 */
export async function forEachConcurrently<T>(items: readonly T[], concurrency: number, fn: (item: T, index: number) => Promise<void>): Promise<void> {
  let next = 0;
  await Promise.all(Array.from({ length: Math.min(concurrency, items.length) }, async () => {
    while (next < items.length) {
      const i = next++;
      await fn(items[i], i);
    }
  }));
}
