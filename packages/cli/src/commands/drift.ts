import { detectDrift } from '@kusion/core';
import { Flags } from '@oclif/core';
import { EXIT, KusionCommand } from '../base-command.js';
import { splitList, stackFlags } from '../flags.js';
import { renderDiffEntry } from '../output/plan-view.js';

export default class Drift extends KusionCommand {
  static override summary = 'Compare the recorded state with what is live';
  static override description =
    'Reads every resource of the latest release and reports those changed or deleted outside Kusion, and those recorded as pending (an operation nobody saw end). Works from the latest release alone: the stack configuration need not be there. Exits 2 when drift or a pending resource is found.';
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
    const plural = (count: number): string => `resource${count === 1 ? '' : 's'}`;
    this.emit(
      {
        drifted: report.drifted.map((d) => ({ id: d.id, diff: d.diff })),
        pending: report.pending,
        inSync: report.inSync,
      },
      () => {
        const unsettled = report.pending.map(
          (p) =>
            `  ${colors.bold(p.id)}${colors.yellow(` — ${p.action} of unknown outcome since ${p.since} (${p.exists ? 'it exists' : 'not found'})`)}`,
        );
        const settle = colors.dim(
          'Run `kusion deploy` to read them back and settle them (or `kusion destroy` to remove them).',
        );
        if (!report.drifted.length && !report.pending.length)
          return colors.green(
            `No drift: ${report.inSync} ${plural(report.inSync)} in sync (revision ${report.revision}).`,
          );
        if (!report.drifted.length) {
          return [
            colors.yellow(
              `${report.pending.length} ${plural(report.pending.length)} recorded as pending (${report.inSync} in sync):`,
            ),
            ...unsettled,
            settle,
          ].join('\n');
        }
        const lines = [
          colors.yellow(
            `Drift found in ${report.drifted.length} ${plural(report.drifted.length)} (${report.inSync} in sync):`,
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
        if (unsettled.length)
          lines.push(colors.yellow('Recorded as pending:'), ...unsettled, settle);
        return lines.join('\n');
      },
    );
    if (report.drifted.length || report.pending.length) this.exit(EXIT.changes);
  }
}
