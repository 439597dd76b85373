import { resourceGraph } from '@kusion/core';
import type { GraphResource, KusionGraph } from '@kusion/core';
import { createTable } from '../../output/terminal-libraries.js';
import { Flags } from '@oclif/core';
import { KusionCommand } from '../../base-command.js';
import { kusionOutputFlags } from '../../flags.js';

const CATEGORIES = [
  ['Workload Resources', 'WorkloadResources'],
  ['Dependency Resources', 'DependencyResources'],
  ['Other Resources', 'OtherResources'],
] as const;

export default class ResourceGraph extends KusionCommand {
  static override summary = "The project's resources by workspace: workloads, dependencies, others";
  static override description =
    "Read from the latest release of every stack of the project (ours or KusionStack Kusion's), one graph per workspace, with each resource's dependencies and dependents. -o json prints Kusion's v1.Graph documents.";
  static override examples = [
    '<%= config.bin %> resource graph',
    '<%= config.bin %> resource graph --project shop --workspace dev --workspace prod -o json',
    '<%= config.bin %> resource graph --all',
  ];
  static override flags = {
    ...kusionOutputFlags,
    project: Flags.string({ description: 'Project (default: the project of the current folder)' }),
    workspace: Flags.string({
      description: 'Workspace (repeatable; default: the current one)',
      multiple: true,
    }),
    all: Flags.boolean({ char: 'a', description: 'Every workspace with releases', default: false }),
  };

  async run(): Promise<void> {
    const { flags } = await this.parse(ResourceGraph);
    const graphs = await resourceGraph({
      ...this.engineOptions(),
      project: flags.project,
      workspaces: flags.all ? 'all' : flags.workspace,
    });
    // Kusion prints one document per workspace; one workspace is the common case.
    this.emitKusion(
      () => (graphs.length === 1 ? graphs[0] : graphs),
      { graphs },
      () => graphs.map((graph) => renderGraph(graph)).join('\n\n'),
    );
  }
}

function renderGraph(graph: KusionGraph): string {
  const sections = CATEGORIES.map(([title, key]) => {
    const table = createTable({
      head: ['ID', 'Kind', 'Name', 'CloudResourceID', 'Status', 'Dependencies'],
      style: { head: [], border: [] },
    });
    for (const resource of Object.values<GraphResource>(graph.Resources[key])) {
      table.push([
        resource.ID,
        resource.Type,
        resource.Name,
        resource.CloudResourceID,
        resource.Status,
        resource.Dependencies.join('\n'),
      ]);
    }
    return `${title}:\n${table.length ? table.toString() : '  (none)'}`;
  });
  return [`Project ${graph.Project}, workspace ${graph.Workspace}`, ...sections].join('\n\n');
}
