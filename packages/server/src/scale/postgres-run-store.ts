/**
 * Run records and logs in PostgreSQL, for API servers and workers on several machines: two tables
 * in the `kusion_server` schema, created on first use. A watcher polls (every 300 ms while someone
 * listens): simple, and a log line reaches a browser within a third of a second.
 */
import pg from 'pg';
import type { RunEvent, RunRecord } from '../runs/run-record.js';
import type { RunStore } from '../runs/run-store.js';

const SCHEMA = 'kusion_server';
const POLL_MS = 300;

export async function createPostgresRunStore(connectionString: string): Promise<RunStore> {
  const pool = new pg.Pool({ connectionString, max: 4 });
  // Two processes starting together both create: the advisory lock makes it one at a time.
  const client = await pool.connect();
  try {
    await client.query('SELECT pg_advisory_lock(727274)');
    await client.query(`CREATE SCHEMA IF NOT EXISTS ${SCHEMA}`);
    await client.query(
      `CREATE TABLE IF NOT EXISTS ${SCHEMA}.runs (
         id text PRIMARY KEY, workspace text NOT NULL, created_at text NOT NULL, record jsonb NOT NULL)`,
    );
    await client.query(
      `CREATE TABLE IF NOT EXISTS ${SCHEMA}.run_events (
         run_id text NOT NULL, seq integer NOT NULL, event jsonb NOT NULL, PRIMARY KEY (run_id, seq))`,
    );
  } finally {
    await client.query('SELECT pg_advisory_unlock(727274)');
    client.release();
  }
  const watchers = new Map<string, Set<() => void>>();
  const timer = setInterval(() => {
    for (const listeners of watchers.values()) for (const listener of listeners) listener();
  }, POLL_MS);
  timer.unref();

  const get = async (id: string): Promise<RunRecord | undefined> => {
    const { rows } = await pool.query<{ record: RunRecord }>(
      `SELECT record FROM ${SCHEMA}.runs WHERE id = $1`,
      [id],
    );
    return rows[0]?.record;
  };
  return {
    async create(run) {
      await pool.query(
        `INSERT INTO ${SCHEMA}.runs (id, workspace, created_at, record) VALUES ($1, $2, $3, $4)`,
        [run.id, run.workspace, run.createdAt, JSON.stringify(run)],
      );
    },
    get,
    async list({ workspace, limit }) {
      const { rows } = await pool.query<{ record: RunRecord }>(
        `SELECT record FROM ${SCHEMA}.runs WHERE ($1::text IS NULL OR workspace = $1)
         ORDER BY created_at DESC LIMIT $2`,
        [workspace ?? null, limit],
      );
      return rows.map((row) => row.record);
    },
    async update(id, patch, onlyIfStatus) {
      // `||` merges in one statement: concurrent patches (a cancel, a status) never lose a field.
      const { rows } = await pool.query<{ record: RunRecord }>(
        `UPDATE ${SCHEMA}.runs SET record = record || $2::jsonb
         WHERE id = $1 AND ($3::text[] IS NULL OR record->>'status' = ANY($3::text[])) RETURNING record`,
        [id, JSON.stringify(patch), onlyIfStatus ? [...onlyIfStatus] : null],
      );
      return rows[0]?.record;
    },
    async appendEvents(id, events) {
      if (!events.length) return;
      const values = events.map(
        (_, index) => `($1, $${String(index * 2 + 2)}, $${String(index * 2 + 3)})`,
      );
      await pool.query(
        `INSERT INTO ${SCHEMA}.run_events (run_id, seq, event) VALUES ${values.join(', ')}`,
        [id, ...events.flatMap((event) => [event.seq, JSON.stringify(event)])],
      );
    },
    async events(id, afterSeq) {
      const { rows } = await pool.query<{ event: RunEvent }>(
        `SELECT event FROM ${SCHEMA}.run_events WHERE run_id = $1 AND seq > $2 ORDER BY seq`,
        [id, afterSeq],
      );
      return rows.map((row) => row.event);
    },
    watch(id, listener) {
      const listeners = watchers.get(id) ?? new Set();
      listeners.add(listener);
      watchers.set(id, listeners);
      return () => {
        listeners.delete(listener);
        if (!listeners.size) watchers.delete(id);
      };
    },
    async close() {
      clearInterval(timer);
      await pool.end();
    },
  };
}
