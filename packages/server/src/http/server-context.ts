/** What every route reaches: the catalog, the backend, runs, tokens. */
import type { Backend } from '@kusion/sdk';
import type { TokenStore } from '../auth/token-store.js';
import type { ProjectCatalog } from '../catalog/project-catalog.js';
import type { RunDispatcher } from '../runs/run-dispatcher.js';
import type { RunEngine } from '../runs/run-executor.js';
import type { RunStore } from '../runs/run-store.js';
import type { GitSources } from '../sources/git-sources.js';
import type { ServerLog } from '../server-options.js';

export interface ServerContext {
  readonly catalog: ProjectCatalog;
  readonly gitSources: GitSources;
  readonly backend: Backend;
  readonly engine: RunEngine;
  readonly runs: RunStore;
  readonly dispatcher: RunDispatcher;
  readonly tokens: TokenStore;
  /** Runs queued but not finished, at most: more are refused with TOO_MANY_RUNS. */
  readonly maxQueuedRuns: number;
  readonly log: ServerLog;
}
