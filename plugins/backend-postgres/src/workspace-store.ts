/** Workspaces as rows (the workspace as JSON), and the selected one in a one-row table. */
import {
  assertWorkspaceName,
  parseCurrentWorkspace,
  workspaceExistsError,
  workspaceFromDocument,
  workspaceNotFoundError,
} from '@kusion/backend-kit';
import type { Workspace, WorkspaceStore } from '@kusion/sdk';
import type { PoolClient } from 'pg';
import type { Database } from './database.js';

export function createPostgresWorkspaceStore(database: Database): WorkspaceStore {
  const names = async (client: PoolClient): Promise<string[]> =>
    (
      await client.query<{ name: string }>(
        `SELECT name FROM ${database.table('workspaces')} ORDER BY name COLLATE "C"`,
      )
    ).rows.map((row) => row.name);
  const bodyOf = ({ name: _name, ...rest }: Workspace): string => JSON.stringify(rest);

  return {
    get: (name) =>
      database.transaction(async (client) => {
        const row = (
          await client.query<{ body: unknown }>(
            `SELECT body FROM ${database.table('workspaces')} WHERE name = $1`,
            [assertWorkspaceName(name)],
          )
        ).rows[0];
        return row && workspaceFromDocument(row.body, `workspace ${name} (PostgreSQL)`, name);
      }),
    list: () => database.transaction(names),
    create: (workspace) =>
      database.transaction(async (client) => {
        const inserted = await client.query(
          `INSERT INTO ${database.table('workspaces')} (name, body) VALUES ($1, $2) ON CONFLICT DO NOTHING`,
          [assertWorkspaceName(workspace.name), bodyOf(workspace)],
        );
        if (inserted.rowCount !== 1)
          throw workspaceExistsError(workspace.name, await names(client));
      }),
    update: (workspace) =>
      database.transaction(async (client) => {
        const updated = await client.query(
          `UPDATE ${database.table('workspaces')} SET body = $2 WHERE name = $1`,
          [assertWorkspaceName(workspace.name), bodyOf(workspace)],
        );
        if (updated.rowCount !== 1)
          throw workspaceNotFoundError(workspace.name, await names(client));
      }),
    delete: (name) =>
      database.transaction(async (client) => {
        const deleted = await client.query(
          `DELETE FROM ${database.table('workspaces')} WHERE name = $1`,
          [assertWorkspaceName(name)],
        );
        if (deleted.rowCount !== 1) throw workspaceNotFoundError(name, await names(client));
        await client.query(`DELETE FROM ${database.table('current_workspace')} WHERE name = $1`, [
          name,
        ]);
      }),
    getCurrent: () =>
      database.transaction(async (client) => {
        const row = (
          await client.query<{ name: string }>(
            `SELECT name FROM ${database.table('current_workspace')} WHERE id = 1`,
          )
        ).rows[0];
        return parseCurrentWorkspace(row?.name, 'the current workspace (PostgreSQL)');
      }),
    setCurrent: (name) =>
      database.transaction(async (client) => {
        if (name === undefined) {
          await client.query(`DELETE FROM ${database.table('current_workspace')}`);
          return;
        }
        const exists = await client.query(
          `SELECT 1 FROM ${database.table('workspaces')} WHERE name = $1`,
          [assertWorkspaceName(name)],
        );
        if (exists.rowCount !== 1) throw workspaceNotFoundError(name, await names(client));
        await client.query(
          `INSERT INTO ${database.table('current_workspace')} (id, name) VALUES (1, $1)
           ON CONFLICT (id) DO UPDATE SET name = EXCLUDED.name`,
          [name],
        );
      }),
  };
}
