/**
 * What the caller may see and do. Resource Manager does not tell "does not exist" from "you may
 * not see it": both answer PERMISSION_DENIED naming the permission checked. Tests can hide
 * resources that exist (a project another customer owns still holds its id) and deny single
 * permissions (TestIamPermissions leaves them out; methods needing them are refused).
 */
import { invalidArgument, permissionDenied } from './rpc-error.ts';
import type {
  FolderRecord,
  OrganizationRecord,
  ProjectRecord,
  ResourceStore,
  TagKeyRecord,
  TagValueRecord,
} from './store.ts';

const NAME_PATTERNS = {
  projects: /^projects\/[^/]+$/,
  folders: /^folders\/[0-9]+$/,
  organizations: /^organizations\/[0-9]+$/,
  tagKeys: /^tagKeys\/[0-9]+$/,
  tagValues: /^tagValues\/[0-9]+$/,
} as const;

export class Access {
  readonly #store: ResourceStore;
  readonly #hidden = new Set<string>();
  readonly #denied = new Set<string>();

  constructor(store: ResourceStore) {
    this.#store = store;
  }

  /** The caller can no longer see the resource (`projects/{number or id}`, `folders/{n}`...). */
  hide(name: string): void {
    this.#hidden.add(name);
  }

  /** The caller lacks one permission on one resource. */
  deny(resource: string, permission: string): void {
    this.#denied.add(`${resource}#${permission}`);
  }

  clear(): void {
    this.#hidden.clear();
    this.#denied.clear();
  }

  isVisible(name: string): boolean {
    return !aliases(this.#store, name).some((alias) => this.#hidden.has(alias));
  }

  isAllowed(name: string, permission: string): boolean {
    return (
      this.isVisible(name) &&
      !aliases(this.#store, name).some((alias) => this.#denied.has(`${alias}#${permission}`))
    );
  }

  project(reference: string | undefined, permission: string): ProjectRecord {
    const name = wellFormed(reference, 'projects', 'name');
    return this.#check(this.#store.projectByReference(name), name, permission);
  }

  folder(name: string | undefined, permission: string): FolderRecord {
    const checked = wellFormed(name, 'folders', 'name');
    return this.#check(this.#store.folders.get(checked), checked, permission);
  }

  organization(name: string | undefined, permission: string): OrganizationRecord {
    const checked = wellFormed(name, 'organizations', 'name');
    return this.#check(this.#store.organizations.get(checked), checked, permission);
  }

  /** A folder or organization named as a parent (`parent`, `destination_parent`). */
  container(
    name: string | undefined,
    permission: string,
    field = 'parent',
  ): FolderRecord | OrganizationRecord {
    if (!name) throw invalidArgument(`${field} is required.`, [{ field, description: 'required' }]);
    if (!NAME_PATTERNS.folders.test(name) && !NAME_PATTERNS.organizations.test(name)) {
      throw invalidArgument(
        `${field} must be folders/{folder_id} or organizations/{organization_id}, got '${name}'.`,
        [{ field, description: 'invalid parent' }],
      );
    }
    return this.#check(this.#store.container(name), name, permission);
  }

  tagKey(name: string | undefined, permission: string, field = 'name'): TagKeyRecord {
    const checked = wellFormed(name, 'tagKeys', field);
    return this.#check(this.#store.tagKeys.get(checked), checked, permission);
  }

  tagValue(name: string | undefined, permission: string, field = 'name'): TagValueRecord {
    const checked = wellFormed(name, 'tagValues', field);
    return this.#check(this.#store.tagValues.get(checked), checked, permission);
  }

  #check<T extends { readonly name: string }>(
    record: T | undefined,
    requested: string,
    permission: string,
  ): T {
    if (record === undefined || !this.isAllowed(record.name, permission))
      throw permissionDenied(permission, requested);
    return record;
  }
}

function wellFormed(
  name: string | undefined,
  kind: keyof typeof NAME_PATTERNS,
  field: string,
): string {
  if (!name) throw invalidArgument(`${field} is required.`, [{ field, description: 'required' }]);
  if (!NAME_PATTERNS[kind].test(name)) {
    throw invalidArgument(`${field} '${name}' is not a valid ${kind} resource name.`, [
      { field, description: `must match ${kind}/{id}` },
    ]);
  }
  return name;
}

/** A project is hidden or denied under its number or its id. */
function aliases(store: ResourceStore, name: string): string[] {
  const project = store.projects.get(name);
  return project ? [name, `projects/${project.projectId}`] : [name];
}
