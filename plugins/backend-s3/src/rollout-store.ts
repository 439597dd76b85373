/**
 * Rollout records as objects next to the releases: `rollouts/<project>/<id>.json` under the
 * prefix, created with `If-None-Match: *` so two runs can never record the same id.
 */
import {
  parseRollout,
  placeOf,
  rolloutIds,
  rolloutSegments,
  serializeRollout,
} from '@kusion/backend-kit';
import type { ObjectStore } from '@kusion/backend-kit';
import { KusionError } from '@kusion/sdk';
import type { Rollout, RolloutStore } from '@kusion/sdk';

export function createS3RolloutStore(store: ObjectStore): RolloutStore {
  const keyOf = (project: string, id: string): string =>
    ['rollouts', ...rolloutSegments(project, id)].join('/');

  async function get(project: string, id: string): Promise<Rollout | undefined> {
    const key = keyOf(project, id);
    const object = await store.get(key);
    return object && parseRollout(object.body, placeOf(store, key), { project, id });
  }

  return {
    get,
    async list(project) {
      const [folder] = rolloutSegments(project, '00000000T000000Z-000000');
      const listing = await store.list(`rollouts/${folder}/`);
      const rollouts: Rollout[] = [];
      for (const id of rolloutIds(listing.objects.map((object) => object.name))) {
        const rollout = await get(project, id);
        if (rollout) rollouts.push(rollout);
      }
      return rollouts;
    },
    async create(rollout) {
      const outcome = await store.put(
        keyOf(rollout.project, rollout.id),
        serializeRollout(rollout),
        { ifNoneMatch: '*' },
      );
      if ('conflict' in outcome)
        throw new KusionError('STATE_CONFLICT', `rollout ${rollout.id} is already recorded`, {
          hint: 'start the rollout again: it gets a new id',
        });
    },
    async update(rollout) {
      const key = keyOf(rollout.project, rollout.id);
      const etag = await store.etagOf(key);
      if (etag === undefined)
        throw new KusionError('ROLLOUT_NOT_FOUND', `rollout ${rollout.id} is not recorded`);
      // One process owns a rollout record; the condition catches a record replaced by hand meanwhile.
      const outcome = await store.put(key, serializeRollout(rollout), { ifMatch: etag });
      if ('conflict' in outcome)
        throw new KusionError(
          'STATE_CONFLICT',
          `rollout ${rollout.id} changed while it was updated`,
        );
    },
  };
}
