/** The git questions `deps` asks: the repository root, and which files changed since a ref. */
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { KusionError } from '@kusion/sdk';

const run = promisify(execFile);

async function git(args: readonly string[], cwd: string): Promise<string> {
  try {
    const { stdout } = await run('git', [...args], { cwd, maxBuffer: 64 * 1024 * 1024 });
    return stdout;
  } catch (error) {
    const output = (error as { stderr?: unknown }).stderr;
    const stderr = typeof output === 'string' ? output.trim() : '';
    const code = (error as { code?: unknown }).code;
    throw new KusionError(
      'INVALID_ARGUMENT',
      code === 'ENOENT'
        ? 'git is not installed (kusion deps compares files with git)'
        : `git ${args.join(' ')} failed: ${stderr.split('\n')[0] ?? ''}`,
      {
        cause: error,
        hint:
          code === 'ENOENT'
            ? 'install git, or run kusion deps where git is on PATH'
            : 'run inside a git repository, and pass a ref it knows (a commit, a branch, a tag, HEAD~1)',
      },
    );
  }
}

export function repositoryRoot(cwd: string): Promise<string> {
  return git(['rev-parse', '--show-toplevel'], cwd).then((out) => out.trim());
}

/** Checks that `ref` names a commit, failing with what was received. */
export async function assertCommit(ref: string, root: string): Promise<void> {
  try {
    await git(['rev-parse', '--verify', '--quiet', `${ref}^{commit}`], root);
  } catch (error) {
    throw new KusionError(
      'INVALID_ARGUMENT',
      `invalid value "${ref}" for --since: no such commit`,
      {
        cause: error,
        hint: 'pass a commit, branch or tag of this repository, e.g. --since HEAD~1 or --since origin/main',
      },
    );
  }
}

/**
 * Every file that differs between `ref` and the working tree — committed since, staged, unstaged,
 * deleted, both sides of a rename — and every untracked file, relative to the repository root.
 */
export async function changedFiles(ref: string, root: string): Promise<Set<string>> {
  const [changed, untracked] = await Promise.all([
    git(['diff', '--name-only', '--no-renames', '-z', ref, '--'], root),
    git(['ls-files', '--others', '--exclude-standard', '-z'], root),
  ]);
  return new Set([...changed.split('\0'), ...untracked.split('\0')].filter(Boolean));
}

/** The text of a file at a ref; undefined when it did not exist there. */
export async function fileAt(ref: string, path: string, root: string): Promise<string | undefined> {
  try {
    return await git(['show', `${ref}:${path}`], root);
  } catch {
    return undefined;
  }
}
