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
  /** Make it the current workspace (Kusion's `--current`). */
  readonly makeCurrent?: boolean | undefined;
}

export interface WorkspaceUpdateOptions extends EngineOptions {
  /** Default: the current workspace. */
  readonly name?: string | undefined;
  /** Replace its content with this file; without it only rename or select. */
  readonly file?: string | undefined;
  /** Kusion's `--rename`: the new name (the selection follows; releases stay under the old name). */
  readonly rename?: string | undefined;
  readonly makeCurrent?: boolean | undefined;
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
    const stored = await backend.workspaces.list();
    // The first one a user creates (beside the implicit `default`) becomes current, as before.
    const isFirst = stored.filter((name) => name !== 'default').length === 1;
    const current = await backend.workspaces.getCurrent();
    const isCurrentImplicit = current === 'default' && workspace.name !== 'default';
    if (options.makeCurrent === true || (isFirst && isCurrentImplicit)) {
      await backend.workspaces.setCurrent(workspace.name);
      return { workspace, isCurrent: true };
    }
    return { workspace, isCurrent: current === workspace.name };
  });
}

export function updateWorkspace(options: WorkspaceUpdateOptions): Promise<{
  readonly workspace: Workspace;
  readonly isCurrent: boolean;
  readonly renamedFrom?: string;
}> {
  return withEngine(options, async (engine) => {
    const { backend } = engine;
    const current = await backend.workspaces.getCurrent();
    const name = options.name ?? current ?? 'default';
    const existing = await backend.workspaces.get(name);
    if (!existing) throw notFound(name, await backend.workspaces.list());
    if (
      options.file === undefined &&
      options.rename === undefined &&
      options.makeCurrent !== true
    ) {
      throw new KusionError(
        'INVALID_ARGUMENT',
        'nothing to update: pass -f/--file, --rename or --current',
        {
          hint: 'e.g. `kusion workspace update dev -f workspaces/dev.yaml`',
        },
      );
    }
    const content =
      options.file === undefined
        ? existing
        : await readCheckedWorkspace(engine, { ...options, name, file: options.file });
    let workspace: Workspace = content;
    if (options.rename !== undefined && options.rename !== name) {
      workspace = { ...content, name: options.rename };
      // Create first: a crash in between leaves both, never neither.
      await backend.workspaces.create(workspace);
      if (current === name) await backend.workspaces.setCurrent(workspace.name);
      await backend.workspaces.delete(name);
    } else if (options.file !== undefined) {
      await backend.workspaces.update(workspace);
    }
    if (options.makeCurrent === true) await backend.workspaces.setCurrent(workspace.name);
    const isCurrent = (await backend.workspaces.getCurrent()) === workspace.name;
    return {
      workspace,
      isCurrent,
      ...(workspace.name === name ? {} : { renamedFrom: name }),
    };
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
