import { graph } from '@kusion/core';
import { Flags } from '@oclif/core';
import { KusionCommand } from '../base-command.js';
import { configurationFlags, stackFlags } from '../flags.js';

export default class Graph extends KusionCommand {
  static override summary = 'Print the dependency graph of the stack';
  static override description =
    'Edges come from dependsOn, $kusion_path references, and what providers infer (namespaces before what lives in them...).';
  static override examples = [
    '<%= config.bin %> graph --format dot | dot -Tsvg > graph.svg',
    '<%= config.bin %> graph --format mermaid',
    '<%= config.bin %> graph --json',
  ];
  static override flags = {
    ...stackFlags,
    ...configurationFlags,
    format: Flags.option({
      options: ['dot', 'mermaid', 'json'] as const,
      description: 'Output format',
      default: 'dot',
    })(),
  };

  async run(): Promise<void> {
    const { flags } = await this.parse(Graph);
    const result = await graph({
      ...this.engineOptions(),
      workspace: flags.workspace,
      workdir: flags.workdir,
      typecheck: flags.typecheck,
      format: flags.format,
    });
    this.emit(result.document, () => result.text);
  }
}
