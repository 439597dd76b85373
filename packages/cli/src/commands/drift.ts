import { detectDrift } from '@kusion/core';
import { Flags } from '@oclif/core';
import { EXIT, KusionCommand } from '../base-command.js';
import { splitList, stackFlags } from '../flags.js';
import { renderDiffEntry } from '../output/plan-view.js';

export default class Drift extends KusionCommand {
  static override summary = 'Compare the recorded state with what is live';
  static override description =
    'Reads every resource of the latest release and reports those changed or deleted outside Kusion. Exits 2 when drift is found.';
  static override examples = [
    '<%= config.bin %> drift',
    '<%= config.bin %> drift --workspace prod --json',
  ];
  static override flags = {
    ...stackFlags,
    'ignore-fields': Flags.string({
      description: 'Field paths to leave out of the comparison (repeatable, or comma-separated)',
      multiple: true,
    }),
  };

  async run(): Promise<void> {
    const { flags } = await this.parse(Drift);
    const report = await detectDrift({
      ...this.engineOptions(),
      workspace: flags.workspace,
      workdir: flags.workdir,
      ignoreFields: splitList(flags['ignore-fields']),
    });
    const { colors } = this.terminal;
    this.emit(
      { drifted: report.drifted.map((d) => ({ id: d.id, diff: d.diff })), inSync: report.inSync },
      () => {
        if (!report.drifted.length)
          return colors.green(
            `No drift: ${report.inSync} resource${report.inSync === 1 ? '' : 's'} in sync (revision ${report.revision}).`,
          );
        const lines = [
          colors.yellow(
            `Drift found in ${report.drifted.length} resource${report.drifted.length === 1 ? '' : 's'} (${report.inSync} in sync):`,
          ),
        ];
        for (const drifted of report.drifted) {
          lines.push(
            `  ${colors.bold(drifted.id)}${drifted.isDeleted ? colors.red(' — deleted outside Kusion') : ''}`,
          );
          if (!drifted.isDeleted)
            for (const entry of drifted.diff) lines.push(`    ${renderDiffEntry(entry, colors)}`);
        }
        lines.push(colors.dim('Run `kusion deploy` to converge, or update the spec to match.'));
        return lines.join('\n');
      },
    );
    if (report.drifted.length) this.exit(EXIT.changes);
  }
}
