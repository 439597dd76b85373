/**
 * What `workspace create` and `update` check beyond the file's schema and Kusion's rules: each
 * module the workspace configures is loaded, and its platform settings are validated against the
 * module's `schemas.platform`, at their lines. A module not installed on this machine (or at
 * another version than the range asks) is only a warning: a platform team may write workspaces
 * before the modules are installed where stacks are deployed.
 */
import { ConfigError } from '@kusion/sdk';
import type { Diagnostic, IoHost, Workspace } from '@kusion/sdk';
import { diagnosticAt } from '../config/source-file.js';
import type { SourceFile } from '../config/source-file.js';
import { loadModules } from '../plugins/module-loader.js';
import type { PluginRegistry } from '../plugins/plugin-registry.js';
import { checkPlatformSettings } from './platform-config.js';

export interface WorkspaceModuleCheckRequest {
  readonly workspace: Workspace;
  readonly source: SourceFile;
  readonly registry: PluginRegistry;
  /** Module packages resolve from here first (the workspace file's folder). */
  readonly baseDir: string;
  readonly io: IoHost;
}

export async function checkWorkspaceModules(request: WorkspaceModuleCheckRequest): Promise<void> {
  const { workspace, source, io } = request;
  const names = Object.keys(workspace.modules ?? {});
  if (!names.length) return;
  const { loaded, problems } = await loadModules({
    names,
    workspace,
    registry: request.registry,
    projectDir: request.baseDir,
  });
  const diagnostics: Diagnostic[] = [];
  for (const problem of problems) {
    const text = `module ${problem.origin.name} (${problem.packageName}): ${problem.reason}`;
    if (problem.isInstallation) {
      await io.notify({
        level: 'warn',
        code: 'MODULE_NOTICE',
        message: `${text}; its platform settings are checked when a stack uses it`,
        data: { module: problem.origin.name, packageName: problem.packageName },
      });
    } else {
      diagnostics.push(diagnosticAt(source, ['modules', problem.origin.name], text));
    }
  }
  for (const module of loaded.values())
    diagnostics.push(...(await checkPlatformSettings(module, source)));
  if (diagnostics.length) {
    throw new ConfigError(diagnostics, {
      hint: 'fix the platform settings named above (`kusion mod list` shows what each module accepts)',
    });
  }
}
