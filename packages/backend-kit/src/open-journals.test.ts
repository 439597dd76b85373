import type { StateJournal } from '@kusion/sdk';
import { describe, expect, it } from 'vitest';
import { createOpenJournals } from './open-journals.js';

const scope = { project: 'shop', workspace: 'dev', stack: 'main' };

/** A writer whose close resolves (or fails) when the test says. */
function slowWriter() {
  let finishClose: (error?: Error) => void = () => undefined;
  const writer: StateJournal = {
    append: () => Promise.resolve(),
    close: () =>
      new Promise<void>((resolve, reject) => {
        finishClose = (error) => {
          if (error) reject(error);
          else resolve();
        };
      }),
  };
  return {
    writer,
    finishClose: (error?: Error) => {
      finishClose(error);
    },
  };
}

describe('open journals', () => {
  it('refuses a second open of the same journal until the first has closed', async () => {
    const journals = createOpenJournals();
    const { writer, finishClose } = slowWriter();
    const journal = await journals.open({
      key: 'k',
      scope,
      revision: 1,
      openWriter: () => Promise.resolve(writer),
    });
    expect(journals.isOpen('k')).toBe(true);
    await expect(
      journals.open({ key: 'k', scope, revision: 1, openWriter: () => Promise.resolve(writer) }),
    ).rejects.toMatchObject({
      code: 'INVALID_ARGUMENT',
      message:
        'the journal of release 1 of project "shop", workspace "dev", stack "main" is already open',
    });

    const closing = journal.close();
    expect(journal.close()).toBe(closing);
    expect(journals.isOpen('k')).toBe(false);
    let isClosed = false;
    const waiting = journals.untilClosed('k').then(() => (isClosed = true));
    await Promise.resolve();
    expect(isClosed).toBe(false);
    finishClose(new Error('fsync failed'));
    await waiting;
    await expect(closing).rejects.toThrow('fsync failed');
    await (
      await journals.open({
        key: 'k',
        scope,
        revision: 1,
        openWriter: () => Promise.resolve(writer),
      })
    ).append({ op: 'delete', id: 'a' });
  });

  it('forgets a journal whose writer could not be opened', async () => {
    const journals = createOpenJournals();
    await expect(
      journals.open({
        key: 'k',
        scope,
        revision: 1,
        openWriter: () => Promise.reject(new Error('missing')),
      }),
    ).rejects.toThrow('missing');
    expect(journals.isOpen('k')).toBe(false);
    await journals.untilClosed('k');
  });
});
