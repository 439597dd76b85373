import { relative } from 'node:path';
import { writeScaffold } from '@kusion/core';
import { Args, Flags } from '@oclif/core';
import { KusionCommand } from '../../base-command.js';

export default class ProviderInit extends KusionCommand {
  static override summary =
    'Start a provider package: it builds and passes the conformance kit against an in-memory fake';
  static override description =
    'Writes a provider package (the same one `npx nx g @kusion/tools:provider` writes inside the Kusion repository): a resource provider, the client interface to your cloud with an in-memory fake behind it, its settings, and the conformance suite of @kusion/testkit. Its README says what to replace.';
  static override examples = [
    '<%= config.bin %> provider init acme',
    '<%= config.bin %> provider init acme-db --type AcmeDatabase --dir packages/provider-acme-db',
    '<%= config.bin %> provider init acme --package @acme/kusion-provider --json',
  ];
  static override args = {
    name: Args.string({
      description: 'Lower-case name, as workspaces write it under providers: (acme, acme-db)',
      required: true,
    }),
  };
  static override flags = {
    dir: Flags.string({ description: 'Folder to create (default: ./<package name>)' }),
    package: Flags.string({ description: 'npm package name (default: kusion-provider-<name>)' }),
    type: Flags.string({
      description:
        'Resource type the provider owns (default: the name in PascalCase, acme-db → AcmeDb)',
    }),
  };

  async run(): Promise<void> {
    const { args, flags } = await this.parse(ProviderInit);
    const written = await writeScaffold({
      kind: 'provider',
      name: args.name,
      packageName: flags.package,
      resourceType: flags.type,
      dir: flags.dir,
      generatedBy: `kusion provider init ${args.name}`,
    });
    const shown = relative(process.cwd(), written.dir) || '.';
    this.emit(
      {
        dir: written.dir,
        packageName: written.packageName,
        files: written.files.map((f) => f.path),
      },
      () =>
        [
          `Created ${written.packageName} in ${shown}:`,
          ...written.files.map((file) => `  ${file.path}`),
          '',
          'Next:',
          `  cd ${shown} && npm install && npm test   # the conformance suite against the in-memory fake`,
          '  npm pack   # a tarball a project installs with npm install ./<file>.tgz',
          'Then replace src/client.ts with a client of your cloud (the README lists what to change).',
        ].join('\n'),
    );
  }
}
