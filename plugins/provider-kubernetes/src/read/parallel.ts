/** Runs async work over a list with bounded concurrency, failing with the first error. */

/** Parallel requests per provider call: enough to hide latency, few enough for the API server's limits. */
const CONCURRENCY = 8;

export async function mapInParallel<T>(
  items: readonly T[],
  work: (item: T) => Promise<void>,
  concurrency = CONCURRENCY,
): Promise<void> {
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < items.length) {
      const item = items[next++] as T;
      await work(item);
    }
  };
  await Promise.all(Array.from({ length: Math.min(concurrency, items.length) }, worker));
}
