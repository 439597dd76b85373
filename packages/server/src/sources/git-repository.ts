/**
 * The few git operations a source needs, through `simple-git` on the `git` binary: a bare cache
 * repository per source, fetches of one ref into `refs/kusion/head`, and one detached worktree per
 * commit. Credentials stay git's business: the server's environment passes git's own credential
 * settings through (credential helpers in the git config, `GIT_ASKPASS`, `GIT_SSH_COMMAND`,
 * `GIT_CONFIG_*`) and nothing else git-related; prompts are off, so a missing credential fails
 * at once instead of hanging a fetch.
 */
import { existsSync } from 'node:fs';
import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { simpleGit } from 'simple-git';
import type { SimpleGit } from 'simple-git';
import { scrubCredentials } from './scrub-credentials.js';

/** Git's variables a server's operator may set to give git its credentials or its transport. */
const PASSED_GIT_VARIABLES = new Set([
  'GIT_ASKPASS',
  'SSH_ASKPASS',
  'GIT_SSH',
  'GIT_SSH_COMMAND',
  'GIT_SSH_VARIANT',
  'GIT_CONFIG_GLOBAL',
  'GIT_CONFIG_SYSTEM',
  'GIT_CONFIG_NOSYSTEM',
  'GIT_CONFIG_COUNT',
  'GIT_SSL_CAINFO',
  'GIT_SSL_CAPATH',
  'GIT_HTTP_PROXY_AUTHMETHOD',
]);

/** Variables simple-git guards besides `GIT_*` ones: git would run them as commands. */
const GUARDED = new Set(['EDITOR', 'VISUAL', 'PAGER', 'PREFIX', 'SSH_ASKPASS']);

const isPassed = (key: string): boolean =>
  PASSED_GIT_VARIABLES.has(key) || /^GIT_CONFIG_(KEY|VALUE)_\d+$/.test(key);

/** The environment git runs with: the server's, less the git variables that are not credentials. */
function gitEnvironment(): { env: Record<string, string>; allowed: string[] } {
  const env: Record<string, string> = {};
  for (const [key, value] of Object.entries(process.env)) {
    if (value === undefined) continue;
    const upper = key.toUpperCase();
    if ((upper.startsWith('GIT_') || GUARDED.has(upper)) && !isPassed(upper)) continue;
    env[key] = value;
  }
  env.GIT_TERMINAL_PROMPT = '0';
  // ssh must not prompt either (host key, passphrase): an operator's own command wins.
  if (!('GIT_SSH_COMMAND' in env)) env.GIT_SSH_COMMAND = 'ssh -o BatchMode=yes';
  const allowed = Object.keys(env).filter((key) => {
    const upper = key.toUpperCase();
    return upper.startsWith('GIT_') || GUARDED.has(upper);
  });
  return { env, allowed };
}

/** A run of `git` that failed: git's own words, credentials in URLs blanked. */
export class GitCommandError extends Error {
  override readonly name = 'GitCommandError';
}

export interface GitRepository {
  /** Fetches `ref` from the remote into `refs/kusion/head`; answers the commit it names. */
  fetchRef(ref: string): Promise<string>;
  /** The commit the last good `fetchRef` left, also one of an earlier process; undefined if none. */
  lastFetched(): Promise<string | undefined>;
  /** Whether the repository has this commit (e.g. one a run recorded on another machine). */
  hasCommit(commit: string): Promise<boolean>;
  /** Fetches one commit by id, which most servers allow for commits their branches reach. */
  fetchCommit(commit: string): Promise<void>;
  /** A detached worktree of `commit` at `dir`. */
  addWorktree(dir: string, commit: string): Promise<void>;
  removeWorktree(dir: string): Promise<void>;
  /** Forgets worktrees whose folders are gone. */
  pruneWorktrees(): Promise<void>;
}

export interface OpenGitRepositoryOptions {
  /** The bare repository's folder; created (`git init --bare`) when missing. */
  readonly dir: string;
  readonly url: string;
  /** A git process silent this long is killed. */
  readonly timeoutMs: number;
}

export async function openGitRepository(options: OpenGitRepositoryOptions): Promise<GitRepository> {
  await mkdir(options.dir, { recursive: true });
  const { env, allowed } = gitEnvironment();
  const git: SimpleGit = simpleGit({
    baseDir: options.dir,
    maxConcurrentProcesses: 2,
    timeout: { block: options.timeoutMs },
    allowEnvironment: allowed,
    // Only for what the operator's environment sets: the values are theirs, not a request's.
    unsafe: {
      allowUnsafeAskPass: true,
      allowUnsafeSshCommand: true,
      allowUnsafeConfigPaths: true,
      allowUnsafeConfigEnvCount: true,
      allowUnsafeCredentialHelper: true,
    },
  }).env(env);
  const run = async (args: string[]): Promise<string> => {
    try {
      return await git.raw(args);
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error);
      throw new GitCommandError(scrubCredentials(message.trim()) || `git ${args[0] ?? ''} failed`, {
        cause: error,
      });
    }
  };
  // Not `rev-parse`: in an empty folder it would find a repository above it.
  if (!existsSync(join(options.dir, 'HEAD'))) await run(['init', '--bare', '--quiet']);
  const remote = (await run(['remote', 'get-url', 'origin']).catch(() => '')).trim();
  if (!remote) await run(['remote', 'add', 'origin', options.url]);
  else if (remote !== options.url) await run(['remote', 'set-url', 'origin', options.url]);

  const resolve = async (name: string): Promise<string> =>
    (await run(['rev-parse', '--verify', '--quiet', `${name}^{commit}`])).trim();
  return {
    async fetchRef(ref) {
      await run([
        'fetch',
        '--quiet',
        '--no-tags',
        '--no-write-fetch-head',
        'origin',
        `+${ref}:refs/kusion/head`,
      ]);
      return resolve('refs/kusion/head');
    },
    async lastFetched() {
      try {
        return (await resolve('refs/kusion/head')) || undefined;
      } catch {
        return undefined;
      }
    },
    async hasCommit(commit) {
      try {
        return (await resolve(commit)) === commit;
      } catch {
        return false;
      }
    },
    async fetchCommit(commit) {
      // A ref keeps it from `git gc` while it is not at the head of the source's ref.
      await run([
        'fetch',
        '--quiet',
        '--no-tags',
        '--no-write-fetch-head',
        'origin',
        `+${commit}:refs/kusion/commits/${commit}`,
      ]);
    },
    async addWorktree(dir, commit) {
      await run(['worktree', 'add', '--quiet', '--detach', '--force', dir, commit]);
    },
    async removeWorktree(dir) {
      await run(['worktree', 'remove', '--force', '--force', dir]);
    },
    async pruneWorktrees() {
      await run(['worktree', 'prune']);
    },
  };
}
