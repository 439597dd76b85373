/**
 * Literal names users may write, turned into the names the API answers with, so the predicted
 * object equals the live one: `projects/shop-dev` → `projects/123456` (tag keys, tag bindings and
 * liens are reported with project numbers), `123456789012/env` → `tagKeys/281474976710657`. Only
 * reads; what cannot be found yet (created by the same deploy) stays as written. Found names are
 * cached for the run: they never change.
 */
import { isNamespacedTagName, isProjectName, isProjectNumberName } from '../model/names.js';
import type { GcpClients } from './clients.js';
import { readCall } from './calls.js';
import { asRpcFailure, Status } from './rpc-errors.js';

export interface NameResolver {
  /** `projects/{id}` → `projects/{number}`; anything else as it is. */
  project(name: string, signal: AbortSignal): Promise<string>;
  /** A namespaced key `{org or project}/{key}` → `tagKeys/{n}`; anything else as it is. */
  tagKey(name: string, signal: AbortSignal): Promise<string>;
  /** A namespaced value `{org or project}/{key}/{value}` → `tagValues/{n}`; anything else as it is. */
  tagValue(name: string, signal: AbortSignal): Promise<string>;
}

export function createNameResolver(clients: GcpClients): NameResolver {
  const cache = new Map<string, string>();
  const resolve = async (
    name: string,
    lookup: () => Promise<string | null | undefined>,
  ): Promise<string> => {
    const cached = cache.get(name);
    if (cached !== undefined) return cached;
    try {
      const found = await lookup();
      if (!found) return name;
      cache.set(name, found);
      return found;
    } catch (error) {
      // Not there (yet): it may be created by this deploy. Anything else is a real failure.
      const code = asRpcFailure(error)?.code;
      if (code === Status.PERMISSION_DENIED || code === Status.NOT_FOUND) return name;
      throw error;
    }
  };
  return {
    project: (name, signal) =>
      isProjectName(name) && !isProjectNumberName(name)
        ? resolve(name, async () => {
            const [project] = await readCall(() => clients.projects.getProject({ name }), signal);
            return project.name;
          })
        : Promise.resolve(name),
    tagKey: (name, signal) =>
      isNamespacedTagName(name, 2)
        ? resolve(name, async () => {
            const [key] = await readCall(
              () => clients.tagKeys.getNamespacedTagKey({ name }),
              signal,
            );
            return key.name;
          })
        : Promise.resolve(name),
    tagValue: (name, signal) =>
      isNamespacedTagName(name, 3)
        ? resolve(name, async () => {
            const [value] = await readCall(
              () => clients.tagValues.getNamespacedTagValue({ name }),
              signal,
            );
            return value.name;
          })
        : Promise.resolve(name),
  };
}
