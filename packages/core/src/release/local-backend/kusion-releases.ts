/**
 * Releases KusionStack Kusion wrote under the same `$KUSION_HOME`, read in place and never
 * written (kusion `pkg/engine/release/storages/local.go`, `GenReleaseDirPath`):
 *
 * ```
 * <home>/releases/<project>/<workspace>/.metadata.yml   { latestRevision, releaseMetaDatas: [{ revision, stack }] }
 * <home>/releases/<project>/<workspace>/<revision>.yaml { project, workspace, revision, stack, spec, state, phase, ... }
 * ```
 *
 * Only the file reading is here; what the records mean (and how they join ours) is
 * `@kusion/backend-kit`'s, shared with every backend that reads Kusion's releases.
 */
import { join } from 'node:path';
import { createKusionReleaseReader, releaseScopeSegments } from '@kusion/backend-kit';
import type { KusionReleaseFolder, KusionReleaseReader } from '@kusion/backend-kit';
import { readTextIfExists } from './atomic-file.js';
import { placeOf } from './local-layout.js';

export function createLocalKusionReleaseReader(home: string): KusionReleaseReader {
  const fileOf = (folder: KusionReleaseFolder, name: string): string => {
    const [project, workspace] = releaseScopeSegments({ ...folder, stack: 'any' });
    return join(home, 'releases', project, workspace, name);
  };
  return createKusionReleaseReader({
    read: (folder, name) => readTextIfExists(fileOf(folder, name)),
    placeOf: (folder, name) => placeOf(fileOf(folder, name)),
  });
}
