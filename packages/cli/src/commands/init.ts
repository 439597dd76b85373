import { initProject, listTemplates } from '@kusion/core';
import { Args, Flags } from '@oclif/core';
import { KusionCommand } from '../base-command.js';

export default class Init extends KusionCommand {
  static override summary = 'Create a project with one stack and a workspace file';
  static override description =
    'Writes project.yaml, a stack (stack.yaml, main.yaml) and a workspace file from a template: raw-resources (the default: resources in the Spec shape, deployed by the test provider), quickstart (a service and a network on Kubernetes) or service-postgres (a service with a PostgreSQL database). `--list` describes them.';
  static override examples = [
    '<%= config.bin %> init my-app',
    '<%= config.bin %> init shop --template quickstart',
    '<%= config.bin %> init . --name shop --stack prod --template service-postgres',
    '<%= config.bin %> init --list',
    '<%= config.bin %> init -t shop',
  ];
  static override args = {
    dir: Args.string({ description: 'Project folder (created if missing)', default: '.' }),
  };
  static override flags = {
    name: Flags.string({ description: 'Project name (default: the folder name)' }),
    stack: Flags.string({ description: 'Stack name', default: 'dev' }),
    target: Flags.string({
      char: 't',
      description: "Project folder, as the argument (Kusion's -t/--target)",
    }),
    template: Flags.string({
      description: 'Template: quickstart, service-postgres or raw-resources (default)',
    }),
    list: Flags.boolean({ description: 'List the templates and exit', default: false }),
    force: Flags.boolean({ description: 'Overwrite existing files', default: false }),
  };

  async run(): Promise<void> {
    const { args, flags } = await this.parse(Init);
    if (flags.list) {
      const templates = listTemplates();
      this.emit({ templates }, () =>
        [
          'Templates (kusion init <dir> --template <name>):',
          ...templates.map(
            (t) => `  ${t.name.padEnd(18)}${t.description}${t.isDefault ? ' (default)' : ''}`,
          ),
        ].join('\n'),
      );
      return;
    }
    const result = await initProject({
      dir: flags.target ?? args.dir,
      name: flags.name,
      stack: flags.stack,
      template: flags.template,
      force: flags.force,
    });
    this.emit(result, () =>
      [
        `Created project in ${result.projectDir} (template ${result.template}):`,
        ...result.files.map((f) => `  ${f}`),
        '',
        'Next:',
        ...result.next.map((line) => `  ${line}`),
      ].join('\n'),
    );
  }
}
