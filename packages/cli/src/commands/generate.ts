import { open } from 'node:fs/promises';
import { generate } from '@kusion/core';
import { Flags } from '@oclif/core';
import { KusionCommand } from '../base-command.js';
import { toYaml } from '../output/terminal-libraries.js';
import { configurationFlags, kusionStackFlags, parseArguments, stackFlags } from '../flags.js';

export default class Generate extends KusionCommand {
  static override summary = 'Print the Spec of the stack in a workspace';
  static override description =
    'Generates the flat list of resources (the Spec) from the stack configuration and the workspace. The output is accepted by --spec-file. Sensitive values are masked on stdout; -o writes them in clear to a file only you can read (mode 0600).';
  static override examples = [
    '<%= config.bin %> generate',
    '<%= config.bin %> generate -o spec.yaml',
    '<%= config.bin %> generate --json',
    '<%= config.bin %> generate -D env=prod',
  ];
  static override flags = {
    ...stackFlags,
    ...configurationFlags,
    ...kusionStackFlags,
    output: Flags.string({
      char: 'o',
      description:
        'Write the Spec, real values included, to this file (mode 0600) instead of stdout',
    }),
  };

  async run(): Promise<void> {
    const { flags } = await this.parse(Generate);
    const { spec, masked, hasSecrets } = await generate({
      ...this.engineOptions(),
      workspace: flags.workspace,
      workdir: flags.workdir,
      typecheck: flags.typecheck,
      arguments: parseArguments(flags.argument),
    });
    if (flags.output) {
      await writePrivateFile(
        flags.output,
        flags.output.endsWith('.json') ? `${JSON.stringify(spec, null, 2)}\n` : toYaml(spec),
      );
      const secrets = hasSecrets
        ? ' (mode 0600: it holds sensitive values in clear)'
        : ' (mode 0600)';
      this.emit(
        { output: flags.output, resources: spec.resources.length, hasSecrets },
        () => `Wrote ${spec.resources.length} resources to ${flags.output ?? ''}${secrets}`,
      );
      return;
    }
    this.emit(masked, () => toYaml(masked).trimEnd());
  }
}

/** Creates or replaces a file only its owner can read, whatever mode it had before. */
async function writePrivateFile(path: string, text: string): Promise<void> {
  const file = await open(path, 'w', 0o600);
  try {
    await file.chmod(0o600);
    await file.writeFile(text);
  } finally {
    await file.close();
  }
}
