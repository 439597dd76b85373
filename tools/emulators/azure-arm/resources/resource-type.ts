/**
 * What the emulator knows about one resource type: its api-versions, whether it is tracked
 * (location and tags), how a PUT body is checked and which read-only values Azure computes for it.
 * One module per type under `types/` defines one of these; adding a type is adding a module.
 */
import type { JsonObject } from '../json-value.ts';
import type { ResourceId } from './resource-id.ts';

export interface BuildInput {
  readonly id: ResourceId;
  /** The formatted id (`/subscriptions/…`). */
  readonly resourceId: string;
  /** The resource's own name (the last segment). */
  readonly name: string;
  /** The request body (PUT) or the merged body (PATCH). */
  readonly body: JsonObject;
  /** The stored representation when the resource exists (a PUT is then an update). */
  readonly existing: JsonObject | undefined;
  /** The canonical location of a tracked resource. */
  readonly location: string | undefined;
  readonly tenantId: string;
}

export interface BuiltResource {
  readonly properties: JsonObject;
  /** Top-level fields besides id, name, type, location, tags and properties: `sku`, `kind`... */
  readonly extra?: JsonObject;
}

/**
 * How a PUT or DELETE of the type answers when it is long-running: `location` is 202 + `Location`
 * (polled until 200), `azure-async-operation` is 202 + `Azure-AsyncOperation` and `Location`.
 */
export type LongRunningMode = 'location' | 'azure-async-operation';

export interface ResourceTypeDefinition {
  /** `Microsoft.Storage/storageAccounts`, children with all their segments. */
  readonly type: string;
  readonly apiVersions: readonly string[];
  /** Tracked resources have (and require) a location and carry tags; proxy (child) resources do not. */
  readonly isTracked: boolean;
  /** An `etag` renewed by every write: network-style weak (`W/"…"`) or storage-style (`"0x…"`). */
  readonly etagStyle?: 'weak' | 'strong';
  readonly createMode?: LongRunningMode;
  readonly deleteMode?: LongRunningMode;
  /** Children that exist as soon as their parent does (`blobServices/default`). */
  readonly implicitNames?: readonly string[];
  /**
   * Paths (dotted, `*` for any array element) Azure computes: they never count as what-if
   * changes. `id`, `name`, `type`, `etag` and `properties.provisioningState` always are.
   */
  readonly readOnlyPaths: readonly string[];
  /** Paths accepted on write but never returned (passwords). */
  readonly writeOnlyPaths?: readonly string[];
  /**
   * Children that are also written inline in the parent (`properties.subnets` of a virtual
   * network): a PUT of the parent replaces them, a GET of the parent lists them.
   */
  readonly nestedChildren?: { readonly property: string; readonly childType: string };
  /** Throws an ArmError for a name Azure rejects. */
  readonly validateName?: (name: string) => void;
  /** Checks a write and returns the stored form (throws ArmError for a bad body). */
  readonly build: (input: BuildInput) => BuiltResource;
}
