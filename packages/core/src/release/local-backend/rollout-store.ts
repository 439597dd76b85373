/**
 * Rollout records as files next to the releases: `<home>/rollouts/<project>/<id>.json`, created
 * exclusively and replaced atomically, like release files.
 */
import { readdir } from 'node:fs/promises';
import { join } from 'node:path';
import { parseRollout, rolloutIds, rolloutSegments, serializeRollout } from '@kusion/backend-kit';
import { KusionError } from '@kusion/sdk';
import type { Rollout, RolloutStore } from '@kusion/sdk';
import {
  createFileExclusive,
  fileExists,
  hasErrorCode,
  readTextIfExists,
  writeFileAtomic,
} from './atomic-file.js';
import { placeOf } from './local-layout.js';

export function createLocalRolloutStore(home: string): RolloutStore {
  const fileOf = (project: string, id: string): string =>
    join(home, 'rollouts', ...rolloutSegments(project, id));

  async function get(project: string, id: string): Promise<Rollout | undefined> {
    const file = fileOf(project, id);
    const text = await readTextIfExists(file);
    return text === undefined ? undefined : parseRollout(text, placeOf(file), { project, id });
  }

  return {
    get,
    async list(project) {
      const [projectSegment] = rolloutSegments(project, '00000000T000000Z-000000');
      let names: string[];
      try {
        names = await readdir(join(home, 'rollouts', projectSegment));
      } catch (error) {
        if (hasErrorCode(error, 'ENOENT')) return [];
        throw error;
      }
      const rollouts: Rollout[] = [];
      for (const id of rolloutIds(names)) {
        const rollout = await get(project, id);
        if (rollout) rollouts.push(rollout);
      }
      return rollouts;
    },
    async create(rollout) {
      if (
        !(await createFileExclusive(fileOf(rollout.project, rollout.id), serializeRollout(rollout)))
      )
        throw new KusionError('STATE_CONFLICT', `rollout ${rollout.id} is already recorded`, {
          hint: 'start the rollout again: it gets a new id',
        });
    },
    async update(rollout) {
      const file = fileOf(rollout.project, rollout.id);
      if (!(await fileExists(file)))
        throw new KusionError('ROLLOUT_NOT_FOUND', `rollout ${rollout.id} is not recorded`);
      await writeFileAtomic(file, serializeRollout(rollout));
    },
  };
}
