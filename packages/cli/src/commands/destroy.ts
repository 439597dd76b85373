import { destroy } from '@kusion/core';
import { ChangeCommand, changeFlags } from '../change-command.js';

// Works from the latest release alone: no Spec to read, no configuration to check.
const { 'spec-file': _specFile, typecheck: _typecheck, ...destroyFlags } = changeFlags;

export default class Destroy extends ChangeCommand {
  static override summary = 'Delete every resource of the stack from a workspace';
  static override description =
    'Deletes what the latest release recorded, dependents before their dependencies, and records a release with an empty spec. Works from the latest release alone: the stack configuration need not be there (a stack deployed with --spec-file is destroyed the same way).';
  static override examples = [
    '<%= config.bin %> destroy',
    '<%= config.bin %> destroy --workspace dev --yes --json',
  ];
  static override flags = destroyFlags;

  async run(): Promise<void> {
    const { flags } = await this.parse(Destroy);
    const io = this.createIo({ showsPlan: true, isDetailed: flags.detail, showsAll: flags.all });
    await this.runChange(
      'destroy',
      io,
      () => destroy({ ...this.changeOptions(flags), ...this.engineOptions(io) }),
      { showsTimings: flags.timings },
    );
  }
}
