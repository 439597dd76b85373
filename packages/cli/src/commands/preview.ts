import { preview } from '@kusion/core';
import { Flags } from '@oclif/core';
import { EXIT, KusionCommand } from '../base-command.js';
import {
  kusionOutputFlags,
  kusionStackFlags,
  parseArguments,
  planFlags,
  splitList,
  stackFlags,
} from '../flags.js';
import { kusionChanges } from '../output/kusion-documents.js';
import { planDocument } from '../output/apply-view.js';
import { renderPlan } from '../output/plan-view.js';
import { planViewOptions } from '../output/terminal-io-host.js';

export default class Preview extends KusionCommand {
  static override summary = 'Show what a deploy would change';
  static override description =
    'Compares, per resource, the last recorded state, the spec as the provider predicts it, and the live object. Changes nothing and takes no lock.';
  static override examples = [
    '<%= config.bin %> preview',
    '<%= config.bin %> preview --workspace prod --exit-code',
    '<%= config.bin %> preview --json --ignore-fields metadata.annotations',
    '<%= config.bin %> preview --no-detail',
    '<%= config.bin %> preview -a -o json',
    '<%= config.bin %> preview -D env=prod',
  ];
  static override flags = {
    ...stackFlags,
    ...planFlags,
    ...kusionStackFlags,
    ...kusionOutputFlags,
    'exit-code': Flags.boolean({
      description: 'Exit with 2 when there are changes',
      default: false,
    }),
    detail: Flags.boolean({
      char: 'd',
      description:
        'Show the field diffs of every change (default, as in Kusion); --no-detail hides them',
      default: true,
      allowNo: true,
    }),
    all: Flags.boolean({
      char: 'a',
      description: 'List unchanged resources instead of counting them',
      default: false,
    }),
  };

  async run(): Promise<void> {
    const { flags } = await this.parse(Preview);
    const io = this.createIo({ isDetailed: flags.detail });
    const plan = await preview({
      ...this.engineOptions(io),
      workspace: flags.workspace,
      workdir: flags.workdir,
      specFile: flags['spec-file'],
      typecheck: flags.typecheck,
      targets: flags.target,
      ignoreFields: splitList(flags['ignore-fields']),
      concurrency: flags.concurrency,
      arguments: parseArguments(flags.argument),
    });
    this.emitKusion(
      () => kusionChanges(plan),
      planDocument(plan),
      () =>
        renderPlan(
          plan,
          planViewOptions(this.terminal, { isDetailed: flags.detail, showsAll: flags.all }),
        ),
    );
    const { create, update, replace, delete: removed } = plan.summary;
    if (flags['exit-code'] && create + update + replace + removed > 0) this.exit(EXIT.changes);
  }
}
