/**
 * Serialises read-modify-writes of one IAM policy inside a run: two members of the same project
 * applied in parallel would otherwise always conflict on the etag and retry. Writers outside
 * kusion still can, which is what the etag check and its retries are for.
 */
export interface PolicyLocks {
  /** Runs `work` once every earlier work on the same resource has ended. */
  withLock<T>(resource: string, work: () => Promise<T>): Promise<T>;
}

export function createPolicyLocks(): PolicyLocks {
  const tails = new Map<string, Promise<unknown>>();
  return {
    async withLock(resource, work) {
      const previous = tails.get(resource) ?? Promise.resolve();
      const current = previous.then(work, work);
      const tail = current.catch(() => undefined);
      tails.set(resource, tail);
      try {
        return await current;
      } finally {
        if (tails.get(resource) === tail) tails.delete(resource);
      }
    },
  };
}
