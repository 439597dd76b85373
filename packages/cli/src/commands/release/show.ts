import { showRelease } from '@kusion/core';
import { Flags } from '@oclif/core';
import { KusionCommand } from '../../base-command.js';
import { toYaml } from '../../output/terminal-libraries.js';
import { kusionOutputFlags, stackFlags } from '../../flags.js';
import { kusionRelease } from '../../output/kusion-documents.js';
import { renderTimings } from '../../output/timings-view.js';

export default class ReleaseShow extends KusionCommand {
  static override summary = 'Show one release: its spec and resulting state (default: the latest)';
  static override examples = [
    '<%= config.bin %> release show',
    '<%= config.bin %> release show --revision 3 --json',
    '<%= config.bin %> release show --timings',
    '<%= config.bin %> release show --project shop --workspace dev -o json',
  ];
  static override flags = {
    ...stackFlags,
    ...kusionOutputFlags,
    project: Flags.string({
      description:
        "Project to show a release of, without a stack folder (Kusion's --project; the stack is the only one with releases, or --stack)",
    }),
    stack: Flags.string({
      description: 'With --project: the stack, when the project has releases of several',
      dependsOn: ['project'],
    }),
    revision: Flags.integer({ description: 'Revision to show (default: the latest)', min: 1 }),
    timings: Flags.boolean({
      description:
        'Show where the run that made the release spent its time, instead of the release',
      default: false,
    }),
  };

  async run(): Promise<void> {
    const { flags } = await this.parse(ReleaseShow);
    const release = await showRelease({
      ...this.engineOptions(),
      workspace: flags.workspace,
      workdir: flags.workdir,
      revision: flags.revision,
      project: flags.project,
      stack: flags.stack,
    });
    if (flags.timings) {
      const { timings } = release;
      this.emit({ revision: release.revision, timings: timings ?? null }, () =>
        timings
          ? renderTimings(timings, this.terminal.colors)
          : `Revision ${release.revision} has no timings (it was recorded before kusion kept them).`,
      );
      return;
    }
    this.emitKusion(
      () => kusionRelease(release),
      release,
      () => toYaml(release).trimEnd(),
    );
  }
}
