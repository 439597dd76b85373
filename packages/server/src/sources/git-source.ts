/**
 * One git source of a process: its cache (a bare repository), the commit it serves (the last
 * good fetch of its ref), and one worktree per commit in use. The head commit's worktree is what
 * the catalog lists; a run leases the worktree of the commit it recorded, so runs of two commits
 * never share a working tree, and a worktree goes once it is neither the head nor leased. A fetch
 * that fails keeps the last good commit and records the error. Git operations of one source run
 * one at a time.
 */
import { createHash } from 'node:crypto';
import { existsSync } from 'node:fs';
import { rm } from 'node:fs/promises';
import { join } from 'node:path';
import { isKusionError, KusionError } from '@kusion/sdk';
import type { RunError } from '../runs/run-record.js';
import { claimCacheFolder } from './cache-folder.js';
import { openGitRepository } from './git-repository.js';
import type { GitSourceConfig } from './git-source-spec.js';

export interface GitSourceStatus extends GitSourceConfig {
  readonly kind: 'git';
  /** The commit served: the last good fetch of `ref`; absent until one succeeded. */
  readonly commit?: string;
  /** When `commit` was last confirmed by a fetch. */
  readonly fetchedAt?: string;
  /** The last fetch's failure, until a fetch succeeds. */
  readonly error?: RunError & { readonly at: string };
}

/** A leased worktree: the folder holding the source's projects at one commit. */
export interface SourceCheckout {
  readonly commit: string;
  readonly root: string;
  release(): Promise<void>;
}

export interface GitSource {
  readonly config: GitSourceConfig;
  status(): GitSourceStatus;
  /** Where the head commit's projects are, or undefined before a first good fetch. */
  head(): { readonly commit: string; readonly root: string } | undefined;
  /** Fetches the ref now; never throws (the answer's `error` says what failed). */
  refresh(): Promise<GitSourceStatus>;
  /** The worktree of `commit`, fetched if this process lacks it, held until `release`. */
  checkout(commit: string): Promise<SourceCheckout>;
  close(): Promise<void>;
}

export interface GitSourceOptions {
  readonly config: GitSourceConfig;
  /** `$KUSION_HOME/server/sources`. */
  readonly cacheRoot: string;
  readonly gitTimeoutMs: number;
}

export async function openGitSource(options: GitSourceOptions): Promise<GitSource> {
  const { config } = options;
  // The URL in the folder's name: a source renamed to another repository starts afresh.
  const folder = await claimCacheFolder(
    join(options.cacheRoot, `${config.name}-${urlKey(config.url)}`),
  );
  const treesDir = join(folder, 'trees');
  // Worktrees of a previous process: nothing leases them now.
  await rm(treesDir, { recursive: true, force: true });
  const repository = await openGitRepository({
    dir: join(folder, 'repo.git'),
    url: config.url,
    timeoutMs: options.gitTimeoutMs,
  });
  await repository.pruneWorktrees();

  let head: string | undefined;
  let fetchedAt: string | undefined;
  let lastError: GitSourceStatus['error'];
  const trees = new Set<string>();
  const leases = new Map<string, number>();
  let chain: Promise<unknown> = Promise.resolve();
  const serialize = <T>(task: () => Promise<T>): Promise<T> => {
    const next = chain.then(task, task);
    chain = next.catch(() => undefined);
    return next;
  };

  const treeOf = (commit: string): string => join(treesDir, commit);
  const ensureTree = async (commit: string): Promise<void> => {
    if (trees.has(commit)) return;
    await repository.addWorktree(treeOf(commit), commit);
    trees.add(commit);
  };
  const dropTree = async (commit: string): Promise<void> => {
    if (!trees.has(commit) || commit === head || (leases.get(commit) ?? 0) > 0) return;
    trees.delete(commit);
    await repository.removeWorktree(treeOf(commit)).catch(async () => {
      await rm(treeOf(commit), { recursive: true, force: true });
      await repository.pruneWorktrees().catch(() => undefined);
    });
  };
  const fromCache = async (): Promise<string | undefined> => {
    const cached = await repository.lastFetched();
    if (cached === undefined) return undefined;
    await ensureTree(cached).catch(() => undefined);
    if (trees.has(cached) && existsSync(join(treeOf(cached), config.path))) return cached;
    await dropTree(cached).catch(() => undefined);
    return undefined;
  };
  const status = (): GitSourceStatus => ({
    kind: 'git',
    ...config,
    ...(head === undefined ? {} : { commit: head }),
    ...(fetchedAt === undefined ? {} : { fetchedAt }),
    ...(lastError === undefined ? {} : { error: lastError }),
  });

  return {
    config,
    status,
    head: () =>
      head === undefined ? undefined : { commit: head, root: join(treeOf(head), config.path) },
    refresh: () =>
      serialize(async () => {
        try {
          const commit = await repository.fetchRef(config.ref);
          await ensureTree(commit);
          if (!existsSync(join(treeOf(commit), config.path))) {
            await dropTree(commit);
            throw new KusionError(
              'SOURCE_PATH_MISSING',
              `git source "${config.name}": commit ${commit} of ${config.ref} has no folder "${config.path}"`,
              {
                hint: sourceHint(
                  head,
                  fetchedAt,
                  'fix the sub-path after // in --git-source, or restore the folder in the repository',
                ),
              },
            );
          }
          const previous = head;
          head = commit;
          fetchedAt = new Date().toISOString();
          lastError = undefined;
          if (previous !== undefined && previous !== commit) await dropTree(previous);
        } catch (error) {
          // Restarted with a cache: the commit an earlier process fetched is the last good one.
          head ??= await fromCache();
          lastError = {
            ...describeFetchError(config, error, head, fetchedAt),
            at: new Date().toISOString(),
          };
        }
        return status();
      }),
    checkout: (commit) =>
      serialize(async () => {
        if (!(await repository.hasCommit(commit))) {
          // Recorded by another process, which fetched later than this one.
          await repository.fetchCommit(commit).catch(() => repository.fetchRef(config.ref));
          if (!(await repository.hasCommit(commit))) {
            throw new KusionError(
              'SOURCE_COMMIT_MISSING',
              `git source "${config.name}" has no commit ${commit} (ref ${config.ref} of ${config.url})`,
              {
                hint: 'the commit was probably removed by a force-push; refresh the source and start the run again',
              },
            );
          }
        }
        await ensureTree(commit);
        leases.set(commit, (leases.get(commit) ?? 0) + 1);
        let isReleased = false;
        return {
          commit,
          root: join(treeOf(commit), config.path),
          release: () => {
            if (isReleased) return Promise.resolve();
            isReleased = true;
            return serialize(async () => {
              leases.set(commit, (leases.get(commit) ?? 1) - 1);
              await dropTree(commit);
            });
          },
        };
      }),
    async close() {
      await chain;
    },
  };
}

function describeFetchError(
  config: GitSourceConfig,
  error: unknown,
  head: string | undefined,
  fetchedAt: string | undefined,
): RunError {
  if (isKusionError(error)) {
    return {
      code: error.code,
      message: error.message,
      ...(error.hint ? { hint: error.hint } : {}),
    };
  }
  const detail = error instanceof Error ? error.message : String(error);
  const what = /couldn't find remote ref|not our ref|unadvertised object/i.test(detail)
    ? `check that "${config.ref}" is a branch or tag of the repository (a commit must be given by its full id)`
    : 'check the URL, and that the git of the server can reach it and authenticate (a credential helper, GIT_ASKPASS, or ssh-agent for ssh URLs)';
  return {
    code: 'SOURCE_FETCH_FAILED',
    message: `git source "${config.name}": could not fetch ${config.ref} from ${config.url}: ${detail}`,
    hint: sourceHint(head, fetchedAt, what),
  };
}

function sourceHint(head: string | undefined, fetchedAt: string | undefined, what: string): string {
  const serving =
    head === undefined
      ? 'the source serves nothing until a fetch succeeds'
      : `still serving commit ${head.slice(0, 12)}, fetched ${fetchedAt ? `at ${fetchedAt}` : 'before the server restarted'}`;
  return `${what}; ${serving} (POST /api/sources/<name>/refresh tries again)`;
}

/** A short, stable key of a URL for a folder name. */
function urlKey(url: string): string {
  return createHash('sha256').update(url).digest('hex').slice(0, 12);
}
