import { createStack } from '@kusion/core';
import { Args, Flags } from '@oclif/core';
import { KusionCommand } from '../../base-command.js';

export default class StackCreate extends KusionCommand {
  static override summary = 'Create a stack in a project: stack.yaml and main.yaml';
  static override description =
    'A new folder <name> in the project (the current folder, or -t/--target) with stack.yaml and an empty main.yaml; --copy-from copies another stack of the project instead, under the new name.';
  static override examples = [
    '<%= config.bin %> stack create prod',
    '<%= config.bin %> stack create prod --copy-from dev',
    '<%= config.bin %> stack create staging -t shop --copy-from dev',
  ];
  static override args = { name: Args.string({ description: 'Stack name', required: true }) };
  static override flags = {
    target: Flags.string({ char: 't', description: 'Project folder (default: the current one)' }),
    'copy-from': Flags.string({
      description: 'Copy this stack of the project (its folder, relative to the project)',
    }),
  };

  async run(): Promise<void> {
    const { args, flags } = await this.parse(StackCreate);
    const created = await createStack({
      name: args.name,
      projectDir: flags.target,
      copyFrom: flags['copy-from'],
    });
    this.emit(created, () => `Created stack '${created.name}' in ${created.dir}`);
  }
}
