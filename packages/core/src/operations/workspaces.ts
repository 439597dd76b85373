/** `workspace create|list|show|update|delete|switch`: workspaces live in the backend. */
import { KusionError } from '@kusion/sdk';
import type { Workspace } from '@kusion/sdk';
import { dirname, resolve } from 'node:path';
import { readWorkspaceFile } from '../config/workspace-file.js';
import { checkWorkspaceModules } from '../generate/workspace-module-check.js';
import { withEngine } from './engine-context.js';
import type { EngineContext, EngineOptions } from './engine-context.js';

export interface WorkspaceFileOptions extends EngineOptions {
  readonly name: string;
  readonly file: string;
}

export interface WorkspaceList {
  readonly workspaces: readonly string[];
  readonly current: string | undefined;
}

/** Creates a workspace from a file; the first one created becomes the current one. */
export function createWorkspace(
  options: WorkspaceFileOptions,
): Promise<{ readonly workspace: Workspace; readonly isCurrent: boolean }> {
  return withEngine(options, async (engine) => {
    const { backend } = engine;
    const workspace = await readCheckedWorkspace(engine, options);
    await backend.workspaces.create(workspace);
    const current = await backend.workspaces.getCurrent();
    if (current === undefined) await backend.workspaces.setCurrent(workspace.name);
    return { workspace, isCurrent: current === undefined || current === workspace.name };
  });
}

export function updateWorkspace(options: WorkspaceFileOptions): Promise<Workspace> {
  return withEngine(options, async (engine) => {
    const workspace = await readCheckedWorkspace(engine, options);
    await engine.backend.workspaces.update(workspace);
    return workspace;
  });
}

/**
 * The workspace file, checked: its schema, Kusion's module rules, and each module's platform
 * settings against the module's schema (modules resolve from the file's folder first).
 */
async function readCheckedWorkspace(
  engine: EngineContext,
  options: WorkspaceFileOptions,
): Promise<Workspace> {
  const { workspace, source, notices } = await readWorkspaceFile(options.file, options.name);
  for (const message of notices) {
    await engine.io.notify({
      level: 'warn',
      code: 'WORKSPACE_NOTICE',
      message,
      data: { workspace: workspace.name },
    });
  }
  await checkWorkspaceModules({
    workspace,
    source,
    registry: engine.registry,
    baseDir: dirname(resolve(options.file)),
    io: engine.io,
  });
  return workspace;
}

export function listWorkspaces(options: EngineOptions): Promise<WorkspaceList> {
  return withEngine(options, async ({ backend }) => {
    const [workspaces, current] = await Promise.all([
      backend.workspaces.list(),
      backend.workspaces.getCurrent(),
    ]);
    return { workspaces, current };
  });
}

/** The named workspace, or the current one. */
export function showWorkspace(
  options: EngineOptions & { readonly name?: string | undefined },
): Promise<Workspace> {
  return withEngine(options, async ({ backend }) => {
    const name = options.name ?? (await backend.workspaces.getCurrent());
    if (!name)
      throw new KusionError('NO_WORKSPACE', 'no workspace selected', {
        hint: 'name one, or select one with `kusion workspace switch <name>`',
      });
    const workspace = await backend.workspaces.get(name);
    if (!workspace) throw notFound(name, await backend.workspaces.list());
    return workspace;
  });
}

export function deleteWorkspace(options: EngineOptions & { readonly name: string }): Promise<void> {
  return withEngine(options, async ({ backend }) => {
    await backend.workspaces.delete(options.name);
  });
}

export function switchWorkspace(options: EngineOptions & { readonly name: string }): Promise<void> {
  return withEngine(options, async ({ backend }) => {
    if (!(await backend.workspaces.get(options.name)))
      throw notFound(options.name, await backend.workspaces.list());
    await backend.workspaces.setCurrent(options.name);
  });
}

function notFound(name: string, existing: readonly string[]): KusionError {
  return new KusionError('WORKSPACE_NOT_FOUND', `workspace "${name}" does not exist`, {
    hint: existing.length
      ? `existing workspaces: ${existing.join(', ')}`
      : 'create one with `kusion workspace create <name> -f <file>`',
  });
}
