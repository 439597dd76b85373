/** What the provider's methods share during one run, from the connection its factory opened. */
import type { KubeObjects } from './client/kube-objects.js';
import type { JsonObject } from './manifest/json-object.js';

export interface RunContext {
  readonly objects: KubeObjects;
  /**
   * Raw objects as last seen by id (read, list, apply): their managed fields let an unchanged
   * object be planned without a dry run.
   */
  readonly lastSeen: Map<string, JsonObject>;
  /**
   * The object each apply returned, until `watch` takes it: readiness starts from it without a
   * read, and a later watch of the same resource starts from the server's current state.
   */
  readonly justApplied: Map<string, JsonObject>;
  /** Namespaces known not to exist: their objects need neither a read nor a dry run. */
  readonly absentNamespaces: Set<string>;
  /** Aborted by `close()`: ends the watches still open. */
  readonly closing: AbortSignal;
}
