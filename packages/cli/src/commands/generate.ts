import { writeFile } from 'node:fs/promises';
import { generate } from '@kusion/core';
import { Flags } from '@oclif/core';
import { stringify } from 'yaml';
import { KusionCommand } from '../base-command.js';
import { stackFlags } from '../flags.js';

export default class Generate extends KusionCommand {
  static override summary = 'Print the Spec of the stack in a workspace';
  static override description = 'Generates the flat list of resources (the Spec) from the stack configuration and the workspace. The output is accepted by --spec-file.';
  static override examples = ['<%= config.bin %> generate', '<%= config.bin %> generate -o spec.yaml', '<%= config.bin %> generate --json'];
  static override flags = {
    ...stackFlags,
    output: Flags.string({ char: 'o', description: 'Write the Spec to this file instead of stdout' }),
  };

  async run(): Promise<void> {
    const { flags } = await this.parse(Generate);
    const spec = await generate({ ...this.engineOptions(), workspace: flags.workspace, workdir: flags.workdir });
    if (flags.output) {
      await writeFile(flags.output, flags.output.endsWith('.json') ? `${JSON.stringify(spec, null, 2)}\n` : stringify(spec));
      this.emit({ output: flags.output, resources: spec.resources.length }, () => `Wrote ${spec.resources.length} resources to ${flags.output ?? ''}`);
      return;
    }
    this.emit(spec, () => stringify(spec).trimEnd());
  }
}
