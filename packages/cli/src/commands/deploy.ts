import { deploy } from '@kusion/core';
import { Flags } from '@oclif/core';
import { ChangeCommand, changeFlags } from '../change-command.js';

export default class Deploy extends ChangeCommand {
  static override aliases = ['apply'];
  static override summary = 'Apply the stack to a workspace';
  static override description =
    'Plans the stack (three-way: recorded state, spec, live), shows the plan, asks for confirmation (unless --yes), then applies it in dependency order, in parallel, recording a release.';
  static override examples = [
    '<%= config.bin %> deploy',
    '<%= config.bin %> deploy --workspace prod --yes',
    '<%= config.bin %> deploy --target test:app --dry-run',
    '<%= config.bin %> deploy --spec-file spec.yaml --yes --json',
    '<%= config.bin %> deploy --yes --timings',
    '<%= config.bin %> deploy --yes --skip-preview',
  ];
  static override flags = {
    ...changeFlags,
    'dry-run': Flags.boolean({ description: 'Show the plan and stop', default: false }),
    'skip-preview': Flags.boolean({
      description:
        'Apply without reading or planning each resource first (CI): the changes are reported from what the provider returns',
      default: false,
      exclusive: ['dry-run'],
    }),
  };

  async run(): Promise<void> {
    const { flags } = await this.parse(Deploy);
    const io = this.createIo({ showsPlan: true, isDetailed: flags.detail, showsAll: flags.all });
    await this.runChange(
      'deploy',
      io,
      () =>
        deploy({
          ...this.changeOptions(flags),
          ...this.engineOptions(io),
          specFile: flags['spec-file'],
          typecheck: flags.typecheck,
          dryRun: flags['dry-run'],
          skipPreview: flags['skip-preview'],
        }),
      { showsTimings: flags.timings },
    );
  }
}
