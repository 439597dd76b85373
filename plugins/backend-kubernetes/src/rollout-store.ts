/**
 * Rollout records as Secrets next to the releases they tie together, labelled by project:
 * created with a `POST` that fails over an existing name, so two runs can never record the same
 * id, and replaced conditional on the resourceVersion just read.
 */
import { parseRollout, rolloutIds, serializeRollout } from '@kusion/backend-kit';
import { KusionError } from '@kusion/sdk';
import type { Rollout, RolloutStore } from '@kusion/sdk';
import type { KubeObject, NamespaceObjects } from './client/namespace-objects.js';
import {
  ANNOTATION,
  LABEL,
  recordLabels,
  rolloutObjectName,
  rolloutScopeHash,
  rolloutSelector,
} from './layout.js';
import { placeOf } from './release-objects.js';
import { secretData, secretText } from './secret-data.js';

const ROLLOUT_KEY = 'rollout.json';

function rolloutSecret(rollout: Rollout, resourceVersion?: string): KubeObject {
  return {
    apiVersion: 'v1',
    kind: 'Secret',
    type: 'kusion.io/rollout',
    metadata: {
      name: rolloutObjectName(rollout.project, rollout.id),
      ...(resourceVersion === undefined ? {} : { resourceVersion }),
      labels: recordLabels(
        'rollout',
        { project: rollout.project },
        { [LABEL.scope]: rolloutScopeHash(rollout.project) },
      ),
      annotations: { [ANNOTATION.project]: rollout.project, [ANNOTATION.rolloutId]: rollout.id },
    },
    data: secretData(ROLLOUT_KEY, serializeRollout(rollout), `rollout ${rollout.id}`),
  };
}

export function createKubernetesRolloutStore(objects: NamespaceObjects): RolloutStore {
  const parse = (object: KubeObject, project: string, id: string): Rollout =>
    parseRollout(secretText(object, ROLLOUT_KEY) ?? '', placeOf(objects, object.metadata.name), {
      project,
      id,
    });

  return {
    async get(project, id) {
      const object = await objects.get('secrets', rolloutObjectName(project, id));
      return object && parse(object, project, id);
    },

    async list(project) {
      const listed = await objects.list('secrets', rolloutSelector(project));
      const byId = new Map<string, KubeObject>();
      for (const item of listed) {
        const id = item.metadata.annotations?.[ANNOTATION.rolloutId];
        if (id !== undefined && item.metadata.annotations?.[ANNOTATION.project] === project)
          byId.set(id, item);
      }
      return rolloutIds([...byId.keys()].map((id) => `${id}.json`)).flatMap((id) => {
        const object = byId.get(id);
        return object ? [parse(object, project, id)] : [];
      });
    },

    async create(rollout) {
      const created = await objects.create('secrets', rolloutSecret(rollout));
      if (created === 'exists')
        throw new KusionError('STATE_CONFLICT', `rollout ${rollout.id} is already recorded`, {
          hint: 'start the rollout again: it gets a new id',
        });
    },

    async update(rollout) {
      const existing = await objects.get('secrets', rolloutObjectName(rollout.project, rollout.id));
      if (existing === undefined)
        throw new KusionError('ROLLOUT_NOT_FOUND', `rollout ${rollout.id} is not recorded`, {
          hint: '`kusion rollout list` shows the recorded rollouts',
        });
      // One process owns a rollout record; the condition catches a record replaced by hand meanwhile.
      const written = await objects.replace(
        'secrets',
        rolloutSecret(rollout, existing.metadata.resourceVersion),
      );
      if (typeof written !== 'object')
        throw new KusionError(
          'STATE_CONFLICT',
          `rollout ${rollout.id} changed while it was updated`,
          {
            hint: 'run the command again',
          },
        );
    },
  };
}
