/**
 * The git sources of a process: opened and fetched once at start (a source that fails is
 * reported and serves nothing; the server still starts), fetched again every interval and on an
 * admin's request, each failure logged with its code and hint.
 */
import { join } from 'node:path';
import { KusionError } from '@kusion/sdk';
import type { ServerLog } from '../server-options.js';
import { openGitSource } from './git-source.js';
import type { GitSource, GitSourceStatus } from './git-source.js';
import type { GitSourceConfig } from './git-source-spec.js';

export interface GitSources {
  list(): GitSourceStatus[];
  /** The source, or a `SOURCE_NOT_FOUND` error naming those that exist. */
  get(name: string): GitSource;
  /** Fetches one source now; answers its status (`error` set when the fetch failed). */
  refresh(name: string): Promise<GitSourceStatus>;
  all(): readonly GitSource[];
  close(): Promise<void>;
}

export interface GitSourcesOptions {
  readonly configs: readonly GitSourceConfig[];
  readonly kusionHome: string;
  /** Fetch every this often; 0: only at start and on request. */
  readonly intervalMs: number;
  readonly gitTimeoutMs: number;
  readonly log: ServerLog;
}

export async function openGitSources(options: GitSourcesOptions): Promise<GitSources> {
  const { log } = options;
  const sources = await Promise.all(
    options.configs.map((config) =>
      openGitSource({
        config,
        cacheRoot: join(options.kusionHome, 'server', 'sources'),
        gitTimeoutMs: options.gitTimeoutMs,
      }),
    ),
  );
  const byName = new Map(sources.map((source) => [source.config.name, source]));

  const refresh = async (source: GitSource): Promise<GitSourceStatus> => {
    const before = source.status().commit;
    const after = await source.refresh();
    if (after.error) {
      log({
        level: 'error',
        message: after.error.message,
        code: after.error.code,
        hint: after.error.hint,
        source: after.name,
      });
    } else if (after.commit !== before) {
      log({
        level: 'info',
        message: `git source "${after.name}" serves ${after.ref} at ${after.commit ?? '?'}`,
        source: after.name,
        commit: after.commit,
      });
    }
    return after;
  };
  await Promise.all(sources.map(refresh));

  let isRefreshing = false;
  const timer =
    options.intervalMs > 0
      ? setInterval(() => {
          // A slow remote never piles fetches up: a tick during one is skipped.
          if (isRefreshing) return;
          isRefreshing = true;
          Promise.all(sources.map(refresh))
            .catch(() => undefined)
            .finally(() => {
              isRefreshing = false;
            });
        }, options.intervalMs)
      : undefined;
  timer?.unref();

  const get = (name: string): GitSource => {
    const source = byName.get(name);
    if (!source) {
      throw new KusionError('SOURCE_NOT_FOUND', `no git source "${name}" is configured here`, {
        hint: `sources: ${[...byName.keys()].join(', ') || '(none)'}; every API server and worker needs the same --git-source values`,
      });
    }
    return source;
  };
  return {
    list: () => sources.map((source) => source.status()),
    get,
    refresh: (name) => refresh(get(name)),
    all: () => sources,
    async close() {
      clearInterval(timer);
      await Promise.all(sources.map((source) => source.close()));
    },
  };
}
