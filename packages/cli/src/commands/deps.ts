import { affectedStacks } from '@kusion/core';
import { Flags } from '@oclif/core';
import { KusionCommand } from '../base-command.js';

export default class Deps extends KusionCommand {
  static override summary =
    'List the stacks a change touches since a git ref, so CI deploys only those';
  static override description =
    "A stack is touched when a changed file (committed since the ref, staged, unstaged or untracked) is inside its folder, is its project's project.yaml or rollout.yaml, is a file its main.ts imports or its configuration names, or is a lockfile in which a package it uses (an import of main.ts, a module its apps name) changed version. Folders compare by whole path segments. One stack per line: its path from the repository root, then why.";
  static override examples = [
    '<%= config.bin %> deps --since HEAD~1',
    '<%= config.bin %> deps --since origin/main --json',
    '<%= config.bin %> deps --since v1.4.0 --workdir services',
  ];
  static override flags = {
    since: Flags.string({
      description: 'The git commit, branch or tag to compare the working tree with',
      required: true,
    }),
    workdir: Flags.string({
      char: 'w',
      description: 'Look for projects in this folder and below (default: the current one)',
    }),
  };

  async run(): Promise<void> {
    const { flags } = await this.parse(Deps);
    const result = await affectedStacks({ since: flags.since, workdir: flags.workdir });
    for (const warning of result.warnings) this.addWarning('DEPS_INCOMPLETE', warning);
    const stacks = result.projects.flatMap((project) =>
      project.stacks.map((stack) => ({ project: project.name, ...stack })),
    );
    this.emit(
      {
        since: result.since,
        root: result.root,
        projects: result.projects,
        stacks: stacks.map((stack) => stack.path),
        changedFiles: result.changedFiles,
      },
      () => {
        if (!stacks.length) return `No stack is touched since ${result.since}.`;
        const width = Math.max(...stacks.map((stack) => stack.path.length));
        return stacks
          .map(
            (stack) =>
              `${stack.path.padEnd(width)}  ${this.terminal.colors.dim(stack.reasons.join('; '))}`,
          )
          .join('\n');
      },
    );
  }
}
