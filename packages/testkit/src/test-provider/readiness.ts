/** `watch`: a resource becomes ready `readyAfterMs` after its file was last written. */
import type { ReadinessStatus } from '@kusion/sdk';
import { cancellableDelay } from './cancellation.js';
import type { TestCloud } from './test-cloud.js';

export async function* watchReadiness(
  cloud: TestCloud,
  id: string,
  signal: AbortSignal,
): AsyncGenerator<ReadinessStatus, void, undefined> {
  // The file's time, not an in-memory one, so a later process (`kusion apply --watch`) sees it too.
  const appliedAt = cloud.store.modifiedAt(id);
  if (appliedAt === undefined) {
    yield {
      isReady: false,
      isFailed: true,
      message: 'not found: it was never applied or was deleted',
    };
    return;
  }
  const remainingMs = Math.ceil(cloud.settings.readyAfterMs - (Date.now() - appliedAt));
  if (remainingMs > 0) {
    yield { isReady: false, message: `ready in ${remainingMs}ms` };
    await cancellableDelay(remainingMs, signal, `watch of "${id}"`);
  }
  yield { isReady: true, message: 'ready' };
}
