import { initModule } from '@kusion/core';
import { Args, Flags } from '@oclif/core';
import { KusionCommand } from '../../base-command.js';

export default class ModInit extends KusionCommand {
  static override summary = 'Create a module package: defineModule, schemas, README and a test';
  static override description =
    'Scaffolds an npm package (default kusion-module-<name>) with @kusion/sdk as a peer dependency: a module made with defineModule, JSON Schemas for its app and platform settings, a typed builder for main.ts apps, a README, and a test with the module test kit (@kusion/testkit/modules) and its golden file, which passes as written. `npm pack` builds it.';
  static override examples = [
    '<%= config.bin %> mod init redis',
    '<%= config.bin %> mod init object-store --package @acme/kusion-module-object-store --dir modules/object-store',
  ];
  static override args = {
    name: Args.string({
      description: 'Module name, as apps write it in `module:`',
      required: true,
    }),
  };
  static override flags = {
    dir: Flags.string({ description: 'Package folder (default: ./kusion-module-<name>)' }),
    package: Flags.string({ description: 'npm package name (default: kusion-module-<name>)' }),
    force: Flags.boolean({ description: 'Overwrite existing files', default: false }),
  };

  async run(): Promise<void> {
    const { args, flags } = await this.parse(ModInit);
    const result = await initModule({
      name: args.name,
      dir: flags.dir,
      packageName: flags.package,
      force: flags.force,
    });
    this.emit(result, () =>
      [
        `Created module package ${result.packageName} in ${result.packageDir}:`,
        ...result.files.map((f) => `  ${f}`),
        '',
        'Next:',
        ...result.next.map((line) => `  ${line}`),
      ].join('\n'),
    );
  }
}
