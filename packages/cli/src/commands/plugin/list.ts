import { listPlugins } from '@kusion/core';
import type { LoadedPlugin } from '@kusion/core';
import { KusionCommand } from '../../base-command.js';
import { stackFlags } from '../../flags.js';
import type { Colors } from '../../output/terminal.js';

export default class PluginList extends KusionCommand {
  static override summary =
    'List the plugins a run of the stack loads: where each comes from and which hooks it taps';
  static override description =
    'Plugins named under `plugins:` in project.yaml and in the workspace, and the provider packages the workspace names, loaded exactly as preview and deploy load them (the project node_modules first).';
  static override examples = [
    '<%= config.bin %> plugin list',
    '<%= config.bin %> plugin list --workspace prod --json',
  ];
  static override flags = { ...stackFlags };

  async run(): Promise<void> {
    const { flags } = await this.parse(PluginList);
    const listing = await listPlugins({
      ...this.engineOptions(),
      workspace: flags.workspace,
      workdir: flags.workdir,
    });
    const { colors } = this.terminal;
    this.emit(listing, () => {
      const lines = [
        `Plugins of project ${colors.bold(listing.project)} in workspace ${colors.bold(listing.workspace)}`,
      ];
      if (!listing.plugins.length) lines.push('  none');
      for (const plugin of listing.plugins) lines.push(...describePlugin(plugin, colors));
      for (const failure of listing.failures)
        lines.push(
          colors.red(`  ✖ ${failure.packageName} (${failure.declaredIn}): ${failure.reason}`),
        );
      return lines.join('\n');
    });
  }
}

function describePlugin(plugin: LoadedPlugin, colors: Colors): string[] {
  const from =
    plugin.packageName === undefined
      ? ''
      : ` from ${plugin.packageName}${plugin.version === undefined ? '' : `@${plugin.version}`}`;
  const lines = [
    `  ${colors.bold(plugin.name)}${from}  ${colors.dim(`(${plugin.declaredIn}, contract ${plugin.contractVersion})`)}`,
  ];
  if (plugin.path !== undefined) lines.push(colors.dim(`    ${plugin.path}`));
  if (plugin.taps.length)
    lines.push(`    taps: ${plugin.taps.map((tap) => `${tap.hook} (${tap.name})`).join(', ')}`);
  if (plugin.registers.length) lines.push(`    registers: ${plugin.registers.join(', ')}`);
  return lines;
}
