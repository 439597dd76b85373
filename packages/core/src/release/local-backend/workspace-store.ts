/** Workspaces as one human-readable YAML file each, plus the name of the selected one. */
import { readdir } from 'node:fs/promises';
import { join } from 'node:path';
import {
  KUSION_METADATA_NAME,
  parseCurrentWorkspace,
  parseKusionWorkspacesMetadata,
  serializeCurrentWorkspace,
  workspaceExistsError,
  workspaceFromDocument,
  workspaceNamesIn,
  workspaceNotFoundError,
} from '@kusion/backend-kit';
import { ConfigError } from '@kusion/sdk';
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
import { placeOf } from './local-layout.js';
import type { LocalLayout } from './local-layout.js';

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
  return workspaceFromDocument(value, file, name);
}

export function createLocalWorkspaceStore(layout: LocalLayout): WorkspaceStore {
  async function list(): Promise<readonly string[]> {
    try {
      return workspaceNamesIn(await readdir(layout.workspacesDirectory));
    } catch (error) {
      if (hasErrorCode(error, 'ENOENT')) return [];
      throw error;
    }
  }

  const notFound = async (name: string) => workspaceNotFoundError(name, await list());

  async function get(name: string): Promise<Workspace | undefined> {
    const file = layout.workspaceFile(name);
    const text = await readTextIfExists(file);
    return text === undefined ? undefined : parseWorkspace(text, file, name);
  }

  const exists = (name: string): Promise<boolean> => fileExists(layout.workspaceFile(name));

  async function getCurrent(): Promise<string | undefined> {
    const text = await readTextIfExists(layout.currentWorkspaceFile);
    const ours = parseCurrentWorkspace(text, layout.currentWorkspaceFile);
    if (ours !== undefined) return ours;
    // KusionStack Kusion keeps the selection in workspaces/.metadata.yml (`current: dev`).
    const kusionFile = join(layout.workspacesDirectory, KUSION_METADATA_NAME);
    const metadata = await readTextIfExists(kusionFile);
    return (await parseKusionWorkspacesMetadata(metadata, placeOf(kusionFile))).current;
  }

  async function setCurrent(name: string | undefined): Promise<void> {
    if (name === undefined) {
      await removeFile(layout.currentWorkspaceFile);
      return;
    }
    if (!(await exists(name))) throw await notFound(name);
    await writeFileAtomic(layout.currentWorkspaceFile, serializeCurrentWorkspace(name));
  }

  const serialize = (workspace: Workspace): string =>
    dump(workspace, { noRefs: true, lineWidth: 120 });

  return {
    get,
    list,

    async create(workspace) {
      const file = layout.workspaceFile(workspace.name);
      if (!(await createFileExclusive(file, serialize(workspace)))) {
        throw workspaceExistsError(workspace.name, await list());
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
