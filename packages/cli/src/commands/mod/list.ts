import { listModules } from '@kusion/core';
import type { ModuleSummary, SchemaSummary } from '@kusion/core';
import { KusionCommand } from '../../base-command.js';
import { moduleFlags } from '../../flags.js';

export default class ModList extends KusionCommand {
  static override summary = 'List the modules a workspace configures, as installed here';
  static override description =
    "For each module under the workspace's `modules`: the npm package that provides it (from the project's node_modules, then the CLI's installation), its installed version and the workspace's range, Kusion's path and version when the workspace was written for Kusion, the settings its schemas accept, and which projects its patchers select.";
  static override examples = [
    '<%= config.bin %> mod list',
    '<%= config.bin %> mod list -W prod --json',
  ];
  static override flags = { ...moduleFlags };

  async run(): Promise<void> {
    const { flags } = await this.parse(ModList);
    const list = await listModules({
      ...this.engineOptions(),
      workspace: flags.workspace,
      workdir: flags.workdir,
    });
    this.emit(list, () =>
      list.modules.length
        ? [`Modules of workspace ${list.workspace}:`, ...list.modules.flatMap(describe)].join('\n')
        : `Workspace ${list.workspace} configures no module (modules: in its file); apps may still use @kusion/module-<name> packages with their defaults.`,
    );
  }
}

function describe(module: ModuleSummary): string[] {
  const version =
    module.installedVersion === undefined
      ? ''
      : ` ${module.installedVersion}${module.versionRange ? ` (workspace: ${module.versionRange})` : ''}`;
  const lines = [`  ${module.name}  ${module.package}${version}  ${module.status}`];
  if (module.kusion)
    lines.push(
      `    Kusion: ${module.kusion.path}${module.kusion.version ? ` ${module.kusion.version}` : ''} (version shown, not checked)`,
    );
  if (module.problem) lines.push(`    problem: ${module.problem}`);
  if (module.schemas.app) lines.push(`    app settings: ${settings(module.schemas.app)}`);
  if (module.schemas.platform)
    lines.push(`    platform settings: ${settings(module.schemas.platform)}`);
  const { configs } = module;
  if (configs.default.length) lines.push(`    default: ${configs.default.join(', ')}`);
  for (const patcher of configs.patchers)
    lines.push(`    patcher ${patcher.name}: projects ${patcher.projects.join(', ')}`);
  return lines;
}

/** `engine*, version, size` (required ones starred). */
function settings(schema: SchemaSummary): string {
  if (!schema.properties.length) return '(any)';
  return schema.properties
    .map((name) => (schema.required.includes(name) ? `${name}*` : name))
    .join(', ');
}
