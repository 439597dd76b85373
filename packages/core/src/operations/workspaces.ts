/** `workspace create|list|show|update|delete|switch`: workspaces live in the backend. */
import { KusionError } from '@kusion/sdk';
import type { Workspace } from '@kusion/sdk';
import { loadWorkspaceFile } from '../config/workspace-file.js';
import { createEngineContext } from './engine-context.js';
import type { EngineOptions } from './engine-context.js';

export interface WorkspaceFileOptions extends EngineOptions {
  readonly name: string;
  readonly file: string;
}

export interface WorkspaceList {
  readonly workspaces: readonly string[];
  readonly current: string | undefined;
}

/** Creates a workspace from a file; the first one created becomes the current one. */
export async function createWorkspace(options: WorkspaceFileOptions): Promise<{ readonly workspace: Workspace; readonly isCurrent: boolean }> {
  const { backend } = await createEngineContext(options);
  const workspace = await loadWorkspaceFile(options.file, options.name);
  await backend.workspaces.create(workspace);
  const current = await backend.workspaces.getCurrent();
  if (current === undefined) await backend.workspaces.setCurrent(workspace.name);
  return { workspace, isCurrent: current === undefined || current === workspace.name };
}

export async function updateWorkspace(options: WorkspaceFileOptions): Promise<Workspace> {
  const { backend } = await createEngineContext(options);
  const workspace = await loadWorkspaceFile(options.file, options.name);
  await backend.workspaces.update(workspace);
  return workspace;
}

export async function listWorkspaces(options: EngineOptions): Promise<WorkspaceList> {
  const { backend } = await createEngineContext(options);
  const [workspaces, current] = await Promise.all([backend.workspaces.list(), backend.workspaces.getCurrent()]);
  return { workspaces, current };
}

/** The named workspace, or the current one. */
export async function showWorkspace(options: EngineOptions & { readonly name?: string | undefined }): Promise<Workspace> {
  const { backend } = await createEngineContext(options);
  const name = options.name ?? (await backend.workspaces.getCurrent());
  if (!name) throw new KusionError('NO_WORKSPACE', 'no workspace selected', { hint: 'name one, or select one with `kusion workspace switch <name>`' });
  const workspace = await backend.workspaces.get(name);
  if (!workspace) throw notFound(name, await backend.workspaces.list());
  return workspace;
}

export async function deleteWorkspace(options: EngineOptions & { readonly name: string }): Promise<void> {
  const { backend } = await createEngineContext(options);
  await backend.workspaces.delete(options.name);
}

export async function switchWorkspace(options: EngineOptions & { readonly name: string }): Promise<void> {
  const { backend } = await createEngineContext(options);
  if (!(await backend.workspaces.get(options.name))) throw notFound(options.name, await backend.workspaces.list());
  await backend.workspaces.setCurrent(options.name);
}

function notFound(name: string, existing: readonly string[]): KusionError {
  return new KusionError('WORKSPACE_NOT_FOUND', `workspace "${name}" does not exist`, {
    hint: existing.length ? `existing workspaces: ${existing.join(', ')}` : 'create one with `kusion workspace create <name> -f <file>`',
  });
}
