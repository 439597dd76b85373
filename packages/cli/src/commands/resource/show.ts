import { showResource } from '@kusion/core';
import { Flags } from '@oclif/core';
import { toYaml } from '../../output/terminal-libraries.js';
import { KusionCommand } from '../../base-command.js';
import { kusionOutputFlags } from '../../flags.js';

export default class ResourceShow extends KusionCommand {
  static override summary = "Show one resource's spec and state from the latest release";
  static override description =
    'Looks in the latest release of every stack of the project in the workspace (ours or written by KusionStack Kusion). Sensitive values are masked or hashed.';
  static override examples = [
    '<%= config.bin %> resource show --id v1:Service:shop:web',
    '<%= config.bin %> resource show --id apps/v1:Deployment:shop:web --project shop --workspace prod -o json',
  ];
  static override flags = {
    ...kusionOutputFlags,
    id: Flags.string({ description: 'The resource id', required: true }),
    project: Flags.string({ description: 'Project (default: the project of the current folder)' }),
    workspace: Flags.string({ description: 'Workspace (default: the current one)' }),
  };

  async run(): Promise<void> {
    const { flags } = await this.parse(ResourceShow);
    const shown = await showResource({
      ...this.engineOptions(),
      id: flags.id,
      project: flags.project,
      workspaces: flags.workspace === undefined ? undefined : [flags.workspace],
    });
    this.emitKusion(
      () => ({ spec: shown.spec ?? null, state: shown.state ?? null }),
      shown,
      () =>
        [
          `# Resource Spec (${shown.project}/${shown.stack}, workspace ${shown.workspace}, revision ${shown.revision}):`,
          shown.spec ? toYaml(shown.spec).trimEnd() : '(not in the spec)',
          '# Resource State:',
          shown.state ? toYaml(shown.state).trimEnd() : '(not in the state)',
        ].join('\n'),
    );
  }
}
