import { writeFile } from 'node:fs/promises';
import { moduleSchema } from '@kusion/core';
import { Flags } from '@oclif/core';
import { KusionCommand } from '../../base-command.js';
import { moduleFlags } from '../../flags.js';

export default class ModSchema extends KusionCommand {
  static override summary = "Write the stack-configuration JSON Schema with the modules' settings";
  static override description =
    "The schema of main.yaml for editors: the engine's own, with the app settings of the modules the workspace configures (plus service and job, and those the current stack names) where they are installed. Point main.yaml at it with `# yaml-language-server: $schema=<path>`.";
  static override examples = [
    '<%= config.bin %> mod schema -o stack.schema.json',
    '<%= config.bin %> mod schema -W prod > stack.schema.json',
  ];
  static override flags = {
    ...moduleFlags,
    output: Flags.string({
      char: 'o',
      description: 'Write the schema to this file instead of stdout',
    }),
  };

  async run(): Promise<void> {
    const { flags } = await this.parse(ModSchema);
    const result = await moduleSchema({
      ...this.engineOptions(),
      workspace: flags.workspace,
      workdir: flags.workdir,
    });
    const text = `${JSON.stringify(result.schema, null, 2)}\n`;
    if (flags.output) {
      await writeFile(flags.output, text);
      this.emit(
        { output: flags.output, workspace: result.workspace, modules: result.modules },
        () =>
          `Wrote ${flags.output ?? ''} with the settings of ${result.modules.length ? result.modules.join(', ') : 'no module'} (workspace ${result.workspace})`,
      );
      return;
    }
    // The schema itself is the document: with --json it is wrapped in the envelope.
    this.emit({ workspace: result.workspace, modules: result.modules, schema: result.schema }, () =>
      text.trimEnd(),
    );
  }
}
