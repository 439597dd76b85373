/**
 * `npm run link`: a `kusion` on PATH that runs this checkout's CLI on a Node ≥ 22 named by its
 * absolute path. `npm link` would install `bin/run.js`, whose `#!/usr/bin/env node` picks whatever
 * Node comes first on PATH — on a stock machine the system's Node 20, on which the CLI warns and
 * the Kubernetes provider cannot load.
 */
import { access, chmod, mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import { delimiter, join, resolve } from 'node:path';

/** Marks a launcher as ours, so `unlink` never removes another program's `kusion`. */
const MARKER = 'written by `npm run link`';

export interface LinkOptions {
  readonly repoRoot: string;
  /** Folder the launcher goes into, e.g. `$(npm prefix -g)/bin` or `~/.local/bin`. */
  readonly binDir: string;
  /** The Node ≥ 22 the launcher runs, by absolute path. */
  readonly nodePath: string;
  readonly nodeVersion: string;
}

export interface LinkResult {
  readonly launcher: string;
  /** Whether `binDir` is on this process's PATH. */
  readonly isOnPath: boolean;
}

export class LinkError extends Error {
  override readonly name = 'LinkError';
}

export async function linkKusion(options: LinkOptions): Promise<LinkResult> {
  const major = Number(options.nodeVersion.replace(/^v/, '').split('.')[0]);
  if (!(major >= 22)) {
    throw new LinkError(
      `kusion needs Node ≥ 22, and ${options.nodePath} is ${options.nodeVersion}: run \`npm run link\`, which runs on the repository's Node 22`,
    );
  }
  const cli = join(resolve(options.repoRoot), 'packages', 'cli', 'bin', 'run.js');
  await access(join(resolve(options.repoRoot), 'packages', 'cli', 'dist')).catch(() => {
    throw new LinkError('the CLI is not built: run `npm run build` first (`npm run link` does)');
  });
  const binDir = resolve(options.binDir);
  const launcher = join(binDir, 'kusion');
  const existing = await readFile(launcher, 'utf8').catch(() => undefined);
  if (existing !== undefined && !existing.includes(MARKER)) {
    throw new LinkError(
      `${launcher} exists and was not written by \`npm run link\`; remove it, or choose another folder with --bin-dir`,
    );
  }
  await mkdir(binDir, { recursive: true });
  try {
    await writeFile(launcher, launcherScript(options.nodePath, cli, options.repoRoot));
    await chmod(launcher, 0o755);
  } catch (error) {
    throw new LinkError(
      `cannot write ${launcher} (${(error as Error).message}); choose a folder you can write to that is on PATH, e.g. \`npm run link -- --bin-dir ~/.local/bin\``,
    );
  }
  return { launcher, isOnPath: isOnPath(binDir) };
}

/** Removes the launcher `linkKusion` wrote; answers whether there was one. */
export async function unlinkKusion(binDir: string): Promise<boolean> {
  const launcher = join(resolve(binDir), 'kusion');
  const existing = await readFile(launcher, 'utf8').catch(() => undefined);
  if (existing === undefined) return false;
  if (!existing.includes(MARKER))
    throw new LinkError(`${launcher} was not written by \`npm run link\`; left in place`);
  await rm(launcher);
  return true;
}

export function launcherScript(nodePath: string, cliPath: string, repoRoot: string): string {
  return [
    '#!/bin/sh',
    `# kusion from ${repoRoot}, on ${nodePath}; ${MARKER} (\`npm run unlink\` removes it)`,
    `exec ${shellQuote(nodePath)} ${shellQuote(cliPath)} "$@"`,
    '',
  ].join('\n');
}

function shellQuote(text: string): string {
  return `'${text.replaceAll("'", `'\\''`)}'`;
}

function isOnPath(dir: string): boolean {
  return (process.env.PATH ?? '')
    .split(delimiter)
    .some((entry) => entry !== '' && resolve(entry) === dir);
}
