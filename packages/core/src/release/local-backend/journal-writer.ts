/**
 * Appends to a state journal through an O_APPEND descriptor, never fsyncing per entry: once
 * `write` returns the bytes are in the kernel, so a killed process loses nothing an `append`
 * resolved for; `close` fsyncs for power loss.
 *
 * Entries appended in the same tick go out in one `write` (group commit), so the file order is
 * the call order and parallel appends cost one system call per batch. The write is synchronous on
 * purpose: copying a few kilobytes into the page cache takes a few microseconds, several times
 * less than a thread-pool round trip, which keeps 10,000 awaited appends well under a second.
 */
import { writeSync } from 'node:fs';
import { open } from 'node:fs/promises';
import type { FileHandle } from 'node:fs/promises';
import { dirname } from 'node:path';
import { parseJournalLines, serializeJournalLine, stampJournalEntry } from '@kusion/backend-kit';
import { isKusionError, KusionError } from '@kusion/sdk';
import type { LockFence, StateJournal, StateJournalEntry } from '@kusion/sdk';
import { fsyncDirectory, readTextIfExists } from './atomic-file.js';
import { placeOf } from './local-layout.js';

function writeAllSync(fd: number, bytes: Buffer): void {
  // A regular file takes the whole buffer in one write; loop only for a short write (disk full).
  for (let offset = 0; offset < bytes.length;) {
    offset += writeSync(fd, bytes, offset);
  }
}

/**
 * Makes an existing journal safe to append to: drops a torn last line (it would otherwise end up
 * in the middle, where it counts as corruption) and terminates a complete but unterminated one.
 */
async function repairTail(handle: FileHandle, file: string): Promise<void> {
  const text = await readTextIfExists(file);
  if (text === undefined || text === '') return;
  const { intactLength } = parseJournalLines(text, placeOf(file));
  if (intactLength < text.length) {
    await handle.truncate(Buffer.byteLength(text.slice(0, intactLength)));
  }
  if (intactLength > 0 && !text.slice(0, intactLength).endsWith('\n')) {
    writeAllSync(handle.fd, Buffer.from('\n'));
  }
}

/**
 * Opens the journal at `file`, creating it if needed. Entries are stored with the fence's
 * generation, and `checkFence` runs before every write: once it fails, nothing more is written.
 */
export async function openJournalWriter(
  file: string,
  fence: LockFence,
  checkFence: () => void,
): Promise<StateJournal> {
  const handle = await open(file, 'a', 0o600);
  try {
    await repairTail(handle, file);
    await fsyncDirectory(dirname(file));
  } catch (error) {
    await handle.close();
    throw error;
  }

  interface Waiting {
    readonly bytes: Buffer;
    readonly resolve: () => void;
    readonly reject: (error: unknown) => void;
  }
  let waiting: Waiting[] = [];
  let isFlushScheduled = false;
  let isClosed = false;
  /**
   * Set when a write failed (its entry may be half-written, so nothing may follow it) or the fence
   * no longer holds.
   */
  let failure: KusionError | undefined;

  function flush(): void {
    isFlushScheduled = false;
    const batch = waiting;
    waiting = [];
    if (batch.length === 0) return;
    try {
      if (failure !== undefined) throw failure;
      checkFence();
      writeAllSync(handle.fd, Buffer.concat(batch.map((entry) => entry.bytes)));
      for (const entry of batch) entry.resolve();
    } catch (error) {
      failure ??= isKusionError(error)
        ? error
        : new KusionError('BACKEND_FAILED', `could not append to state journal ${file}`, {
            cause: error,
            hint: 'Check free disk space; the run must stop, and the next one reads what was recorded.',
          });
      for (const entry of batch) entry.reject(failure);
    }
  }

  return {
    append(entry: StateJournalEntry) {
      if (isClosed) {
        return Promise.reject(
          new KusionError('INTERNAL', `state journal ${file} is already closed`, {
            hint: 'Open the journal again with `releases.openJournal()` before appending.',
          }),
        );
      }
      const bytes = Buffer.from(serializeJournalLine(stampJournalEntry(entry, fence)));
      return new Promise<void>((resolve, reject) => {
        waiting.push({ bytes, resolve, reject });
        if (!isFlushScheduled) {
          isFlushScheduled = true;
          queueMicrotask(flush);
        }
      });
    },

    async close() {
      if (isClosed) return;
      isClosed = true;
      flush();
      try {
        await handle.sync();
      } finally {
        await handle.close();
      }
    },
  };
}
