/**
 * Releases as rows, and a state journal as rows appended while a release applies. Every write is
 * one transaction that first locks the scope's lease row `FOR SHARE` and checks the writer's
 * fence, so no takeover can land between the check and the write; `create` is an insert that
 * loses to an existing revision, `update` locks the release row and replaces it only if the
 * writer's generation may (compare-and-swap on the generation), folding the journal in.
 */
import {
  assertReleaseWritable,
  assertRevision,
  createOpenJournals,
  isJournalEntry,
  parseRelease,
  releaseExistsError,
  releaseNotFoundError,
  releaseScopeSegments,
  serializeRelease,
  stampRelease,
  summarizeRelease,
  withJournalReplayed,
} from '@kusion/backend-kit';
import type { StoredJournalEntry } from '@kusion/backend-kit';
import { KusionError } from '@kusion/sdk';
import type { Release, ReleaseScope, ReleaseStore } from '@kusion/sdk';
import type { PoolClient } from 'pg';
import type { Database } from './database.js';
import { checkFence } from './fence.js';
import { createJournalWriter } from './journal-writer.js';

interface ReleaseRow {
  readonly revision: number;
  readonly body: string;
}

interface EntryRow {
  readonly revision: number;
  readonly entry: string;
}

export function createPostgresReleaseStore(database: Database): ReleaseStore {
  const journals = createOpenJournals();
  const key = (scope: ReleaseScope, revision: number): string =>
    [...releaseScopeSegments(scope), String(revision)].join('\u0000');
  const where = (scope: ReleaseScope) => {
    const [project, workspace, stack] = releaseScopeSegments(scope);
    return [project, workspace, stack];
  };
  const place = (scope: ReleaseScope, revision: number) => ({
    where: `release ${revision} of ${scope.project}/${scope.workspace}/${scope.stack} (PostgreSQL)`,
    restoreFrom: 'from a database backup',
  });

  /** Releases of a scope (one revision, or all), each with its journal replayed. */
  async function read(
    client: PoolClient,
    scope: ReleaseScope,
    revision?: number,
  ): Promise<Release[]> {
    const filter = revision === undefined ? '' : ' AND revision = $4';
    const params = revision === undefined ? where(scope) : [...where(scope), revision];
    const releases = await client.query<ReleaseRow>(
      `SELECT revision, body FROM ${database.table('releases')} WHERE project = $1 AND workspace = $2 AND stack = $3${filter} ORDER BY revision`,
      params,
    );
    const entries = await client.query<EntryRow>(
      `SELECT revision, entry FROM ${database.table('journal')} WHERE project = $1 AND workspace = $2 AND stack = $3${filter} ORDER BY seq`,
      params,
    );
    return releases.rows.map((row) => {
      const release = parseRelease(row.body, place(scope, row.revision), {
        ...scope,
        revision: row.revision,
      });
      const journal = entries.rows
        .filter((entry) => entry.revision === row.revision)
        .map((entry) => parseEntry(entry.entry, scope, row.revision));
      return withJournalReplayed(release, journal);
    });
  }

  const parseEntry = (text: string, scope: ReleaseScope, revision: number): StoredJournalEntry => {
    let value: unknown;
    try {
      value = JSON.parse(text);
    } catch {
      value = undefined;
    }
    if (isJournalEntry(value)) return value;
    throw new KusionError(
      'STATE_CORRUPT',
      `a journal entry of ${place(scope, revision).where} is corrupt`,
      {
        hint: 'Restore the journal table from a database backup.',
      },
    );
  };

  const inSnapshot = <T>(work: (client: PoolClient) => Promise<T>): Promise<T> =>
    database.transaction(async (client) => {
      // One snapshot for the release and its journal: a fold commits both at once.
      await client.query('SET TRANSACTION ISOLATION LEVEL REPEATABLE READ');
      return work(client);
    });

  return {
    get: (scope, revision) =>
      inSnapshot(async (client) => (await read(client, scope, assertRevision(revision)))[0]),

    latest: (scope) =>
      inSnapshot(async (client) => {
        const newest = await client.query<{ revision: number | null }>(
          `SELECT max(revision) AS revision FROM ${database.table('releases')} WHERE project = $1 AND workspace = $2 AND stack = $3`,
          where(scope),
        );
        const revision = newest.rows[0]?.revision;
        return revision === null || revision === undefined
          ? undefined
          : (await read(client, scope, revision))[0];
      }),

    list: (scope) =>
      inSnapshot(async (client) => (await read(client, scope)).map(summarizeRelease)),

    create: (release, { fence }) =>
      database.transaction(async (client) => {
        const revision = assertRevision(release.revision);
        await checkFence(database, client, fence);
        const inserted = await client.query(
          `INSERT INTO ${database.table('releases')} (project, workspace, stack, revision, body, lock_generation)
           VALUES ($1, $2, $3, $4, $5, $6) ON CONFLICT DO NOTHING`,
          [
            ...where(release),
            revision,
            serializeRelease(stampRelease(release, fence)),
            fence.generation,
          ],
        );
        if (inserted.rowCount !== 1) throw releaseExistsError(release, revision);
        // The revision is ours: journal rows already there belong to a release deleted by hand.
        await client.query(
          `DELETE FROM ${database.table('journal')} WHERE project = $1 AND workspace = $2 AND stack = $3 AND revision = $4`,
          [...where(release), revision],
        );
      }),

    async update(release, { fence }) {
      const revision = assertRevision(release.revision);
      const journalKey = key(release, revision);
      const isJournalOpen = journals.isOpen(journalKey);
      if (!isJournalOpen) await journals.untilClosed(journalKey);
      await database.transaction(async (client) => {
        await checkFence(database, client, fence);
        const stored = await client.query<{ lock_generation: string | null }>(
          `SELECT lock_generation FROM ${database.table('releases')} WHERE project = $1 AND workspace = $2 AND stack = $3 AND revision = $4 FOR UPDATE`,
          [...where(release), revision],
        );
        const row = stored.rows[0];
        if (!row) throw releaseNotFoundError(release, revision);
        const storedGeneration =
          row.lock_generation === null ? undefined : Number(row.lock_generation);
        assertReleaseWritable({ lockGeneration: storedGeneration }, fence, release);
        let written = release;
        if (!isJournalOpen) {
          // Fold what a read of the stored record replays, then drop the journal: one commit.
          const entries = await client.query<EntryRow>(
            `DELETE FROM ${database.table('journal')} WHERE project = $1 AND workspace = $2 AND stack = $3 AND revision = $4 RETURNING revision, entry, seq`,
            [...where(release), revision],
          );
          const ordered = [...(entries.rows as (EntryRow & { seq: string })[])].sort(
            (a, b) => Number(a.seq) - Number(b.seq),
          );
          const { lockGeneration: _written, ...rest } = release;
          const asStored =
            storedGeneration === undefined ? rest : { ...rest, lockGeneration: storedGeneration };
          written = withJournalReplayed(
            asStored,
            ordered.map((entry) => parseEntry(entry.entry, release, revision)),
          );
        }
        await client.query(
          `UPDATE ${database.table('releases')} SET body = $5, lock_generation = $6 WHERE project = $1 AND workspace = $2 AND stack = $3 AND revision = $4`,
          [
            ...where(release),
            revision,
            serializeRelease(stampRelease(written, fence)),
            fence.generation,
          ],
        );
      });
    },

    async openJournal(scope, revision, { fence }) {
      assertRevision(revision);
      return journals.open({
        key: key(scope, revision),
        scope,
        revision,
        openWriter: async () => {
          const exists = await database.transaction(
            async (client) =>
              (
                await client.query(
                  `SELECT 1 FROM ${database.table('releases')} WHERE project = $1 AND workspace = $2 AND stack = $3 AND revision = $4`,
                  [...where(scope), revision],
                )
              ).rowCount === 1,
          );
          if (!exists) throw releaseNotFoundError(scope, revision);
          return createJournalWriter({ database, scope: where(scope), revision, fence });
        },
      });
    },
  };
}
