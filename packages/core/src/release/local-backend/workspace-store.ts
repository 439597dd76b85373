/** Workspaces as one human-readable YAML file each, plus the name of the selected one. */
import { readdir } from 'node:fs/promises';
import { ConfigError, KusionError } from '@kusion/sdk';
import type { Workspace, WorkspaceStore } from '@kusion/sdk';
import { dump } from 'js-yaml';
import { parseYamlSource } from '../../config/yaml-source.js';
import {
  createFileExclusive,
  fileExists,
  hasErrorCode,
  readTextIfExists,
  removeFile,
  writeFileAtomic,
} from './atomic-file.js';
import type { LocalLayout } from './local-layout.js';
import { assertPathSegment } from './path-segment.js';

const WORKSPACE_FILE_SUFFIX = '.yaml';

function parseWorkspace(text: string, file: string, name: string): Workspace {
  let value: unknown;
  try {
    value = parseYamlSource(text, file).value;
  } catch (error) {
    if (!(error instanceof ConfigError)) throw error;
    throw new ConfigError(error.diagnostics, {
      cause: error,
      hint: `Fix the YAML in ${file}, or recreate it with \`kusion workspace update ${name} -f <file>\`.`,
    });
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw new ConfigError([{ message: 'a workspace file must hold a mapping', file }], {
      hint: `Recreate it with \`kusion workspace update ${name} -f <file>\`.`,
    });
  }
  // The file name is the identity: a file renamed by hand is that workspace.
  return { ...(value as Workspace), name };
}

export function createLocalWorkspaceStore(layout: LocalLayout): WorkspaceStore {
  async function list(): Promise<readonly string[]> {
    let entries: string[];
    try {
      entries = await readdir(layout.workspacesDirectory);
    } catch (error) {
      if (hasErrorCode(error, 'ENOENT')) return [];
      throw error;
    }
    return entries
      .filter((entry) => entry.endsWith(WORKSPACE_FILE_SUFFIX) && !entry.startsWith('.'))
      .map((entry) => entry.slice(0, -WORKSPACE_FILE_SUFFIX.length))
      .sort();
  }

  async function notFound(name: string): Promise<KusionError> {
    const existing = await list();
    return new KusionError('WORKSPACE_NOT_FOUND', `workspace "${name}" does not exist`, {
      hint: existing.length
        ? `Existing workspaces: ${existing.join(', ')}. Create it with \`kusion workspace create ${name} -f <file>\`.`
        : `No workspace exists yet. Create one with \`kusion workspace create ${name} -f <file>\`.`,
    });
  }

  async function get(name: string): Promise<Workspace | undefined> {
    const file = layout.workspaceFile(name);
    const text = await readTextIfExists(file);
    return text === undefined ? undefined : parseWorkspace(text, file, name);
  }

  const exists = (name: string): Promise<boolean> => fileExists(layout.workspaceFile(name));

  async function getCurrent(): Promise<string | undefined> {
    const text = await readTextIfExists(layout.currentWorkspaceFile);
    const name = text?.trim();
    if (name === undefined || name === '') return undefined;
    try {
      return assertPathSegment(name, 'workspace name');
    } catch (error) {
      throw new KusionError(
        'STATE_CORRUPT',
        `${layout.currentWorkspaceFile} holds an invalid workspace name ${JSON.stringify(name)}`,
        { cause: error, hint: 'Select a workspace again with `kusion workspace select <name>`.' },
      );
    }
  }

  async function setCurrent(name: string | undefined): Promise<void> {
    if (name === undefined) {
      await removeFile(layout.currentWorkspaceFile);
      return;
    }
    if (!(await exists(name))) throw await notFound(name);
    await writeFileAtomic(layout.currentWorkspaceFile, `${name}\n`);
  }

  const serialize = (workspace: Workspace): string => dump(workspace, { noRefs: true, lineWidth: 120 });

  return {
    get,
    list,

    async create(workspace) {
      const file = layout.workspaceFile(workspace.name);
      if (!(await createFileExclusive(file, serialize(workspace)))) {
        throw new KusionError('WORKSPACE_EXISTS', `workspace "${workspace.name}" already exists`, {
          hint: `Change it with \`kusion workspace update ${workspace.name} -f <file>\`, or choose another name (taken: ${(await list()).join(', ')}).`,
        });
      }
    },

    async update(workspace) {
      const file = layout.workspaceFile(workspace.name);
      if (!(await exists(workspace.name))) throw await notFound(workspace.name);
      await writeFileAtomic(file, serialize(workspace));
    },

    async delete(name) {
      const file = layout.workspaceFile(name);
      if (!(await exists(name))) throw await notFound(name);
      // Clear the selection first: a crash in between leaves an unselected workspace, never a
      // selection pointing at nothing.
      if ((await getCurrent()) === name) await setCurrent(undefined);
      if (!(await removeFile(file))) throw await notFound(name);
    },

    getCurrent,
    setCurrent,
  };
}
