import { rollback } from '@kusion/core';
import { Flags } from '@oclif/core';
import { ChangeCommand, changeFlags } from '../../change-command.js';

// Re-applies a recorded Spec: no configuration to read or check.
const { 'spec-file': _specFile, typecheck: _typecheck, ...rollbackFlags } = changeFlags;

export default class ReleaseRollback extends ChangeCommand {
  static override summary = 'Re-apply the spec of an earlier revision, as a new release';
  static override examples = [
    '<%= config.bin %> release rollback --revision 1',
    '<%= config.bin %> release rollback --revision 4 --yes --json',
  ];
  static override flags = {
    ...rollbackFlags,
    revision: Flags.integer({
      description: 'Revision whose spec to re-apply',
      required: true,
      min: 1,
    }),
  };

  async run(): Promise<void> {
    const { flags } = await this.parse(ReleaseRollback);
    const io = this.createIo({ showsPlan: true, isDetailed: flags.detail, showsAll: flags.all });
    await this.runChange(
      'rollback',
      io,
      () =>
        rollback({
          ...this.changeOptions(flags),
          ...this.engineOptions(io),
          revision: flags.revision,
        }),
      { showsTimings: flags.timings },
    );
  }
}
