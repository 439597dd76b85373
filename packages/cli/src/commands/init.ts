import { initProject } from '@kusion/core';
import { Args, Flags } from '@oclif/core';
import { KusionCommand } from '../base-command.js';

export default class Init extends KusionCommand {
  static override summary = 'Create a project with one stack and a workspace file';
  static override examples = [
    '<%= config.bin %> init my-app',
    '<%= config.bin %> init . --name shop --stack prod',
  ];
  static override args = {
    dir: Args.string({ description: 'Project folder (created if missing)', default: '.' }),
  };
  static override flags = {
    name: Flags.string({ description: 'Project name (default: the folder name)' }),
    stack: Flags.string({ description: 'Stack name', default: 'dev' }),
    force: Flags.boolean({ description: 'Overwrite existing files', default: false }),
  };

  async run(): Promise<void> {
    const { args, flags } = await this.parse(Init);
    const result = await initProject({
      dir: args.dir,
      name: flags.name,
      stack: flags.stack,
      force: flags.force,
    });
    this.emit(result, () =>
      [
        `Created project in ${result.projectDir}:`,
        ...result.files.map((f) => `  ${f}`),
        '',
        'Next:',
        `  cd ${args.dir}`,
        `  kusion workspace create ${flags.stack} -f workspaces/${flags.stack}.yaml`,
        `  cd ${flags.stack}`,
        `  kusion preview --workspace ${flags.stack}`,
        `  kusion deploy --workspace ${flags.stack}`,
      ].join('\n'),
    );
  }
}
