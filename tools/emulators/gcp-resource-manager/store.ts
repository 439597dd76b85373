/**
 * The emulator's state: organizations, folders, projects, tags, liens, and the resource hierarchy
 * they form. Records are keyed by their canonical resource name (`projects/{number}`).
 */
import { randomBytes } from 'node:crypto';

export type LifecycleState = 'ACTIVE' | 'DELETE_REQUESTED';

export interface OrganizationOptions {
  /** The numeric id: `organizations/{id}`. */
  readonly id: string;
  /** The organization's display name, its primary domain. Default `example.com`. */
  readonly domain?: string;
  /** Default `C0` + the id's last 7 digits. */
  readonly directoryCustomerId?: string;
}

export interface OrganizationRecord {
  readonly name: string;
  /** Organizations cannot be deleted through this API. */
  readonly state: 'ACTIVE';
  readonly domain: string;
  readonly directoryCustomerId: string;
  readonly createTime: Date;
  readonly etag: string;
}

export interface ProjectRecord {
  readonly name: string;
  readonly projectId: string;
  parent: string;
  displayName: string;
  labels: Record<string, string>;
  state: LifecycleState;
  readonly createTime: Date;
  updateTime: Date;
  deleteTime: Date | undefined;
  etag: string;
}

export interface FolderRecord {
  readonly name: string;
  parent: string;
  displayName: string;
  state: LifecycleState;
  readonly createTime: Date;
  updateTime: Date;
  deleteTime: Date | undefined;
  etag: string;
}

export interface TagKeyRecord {
  readonly name: string;
  /** `organizations/{id}` or `projects/{number}`. */
  readonly parent: string;
  readonly shortName: string;
  readonly namespacedName: string;
  description: string;
  readonly purpose: string | undefined;
  readonly purposeData: Readonly<Record<string, string>>;
  readonly createTime: Date;
  updateTime: Date;
  etag: string;
}

export interface TagValueRecord {
  readonly name: string;
  /** `tagKeys/{id}` */
  readonly parent: string;
  readonly shortName: string;
  readonly namespacedName: string;
  description: string;
  readonly createTime: Date;
  updateTime: Date;
  etag: string;
}

export interface TagBindingRecord {
  /** `tagBindings/{url-encoded full resource name}/tagValues/{id}` */
  readonly name: string;
  /** A full resource name: `//cloudresourcemanager.googleapis.com/projects/{number}`. */
  readonly parent: string;
  readonly tagValue: string;
}

export interface TagHoldRecord {
  /** `tagValues/{id}/tagHolds/{id}` */
  readonly name: string;
  readonly holder: string;
  readonly origin: string;
  readonly helpLink: string;
  readonly createTime: Date;
}

export interface LienRecord {
  /** `liens/p{project number}-l{uuid}` */
  readonly name: string;
  /** `projects/{number}` */
  readonly parent: string;
  readonly restrictions: readonly string[];
  readonly reason: string;
  readonly origin: string;
  readonly createTime: Date;
}

/** The only restriction a lien on a project supports: it blocks DeleteProject. */
export const PROJECT_DELETE_RESTRICTION = 'resourcemanager.projects.delete';

export const DEFAULT_ORGANIZATION: OrganizationOptions = { id: '123456789012' };

/** Where each kind's numbers start; numbers are never reused, even across `reset()`. */
const FIRST_NUMBER = {
  project: 100_000_000_001n,
  folder: 200_000_000_001n,
  tagKey: 281_474_976_710_657n,
  tagValue: 281_475_000_000_001n,
} as const;
type NumberedKind = keyof typeof FIRST_NUMBER;

export class ResourceStore {
  readonly organizations = new Map<string, OrganizationRecord>();
  readonly projects = new Map<string, ProjectRecord>();
  readonly folders = new Map<string, FolderRecord>();
  readonly tagKeys = new Map<string, TagKeyRecord>();
  readonly tagValues = new Map<string, TagValueRecord>();
  readonly tagBindings = new Map<string, TagBindingRecord>();
  readonly tagHolds = new Map<string, TagHoldRecord>();
  readonly liens = new Map<string, LienRecord>();
  readonly #organizationOptions: readonly OrganizationOptions[];
  readonly #next = new Map<NumberedKind, bigint>(
    Object.entries(FIRST_NUMBER) as [NumberedKind, bigint][],
  );

  constructor(organizations: readonly OrganizationOptions[]) {
    for (const { id } of organizations) {
      if (!/^[1-9][0-9]{0,18}$/.test(id)) throw new Error(`organization id ${id} is not a number`);
    }
    this.#organizationOptions = organizations;
    this.reset();
  }

  /** Back to the configured organizations and nothing else. */
  reset(): void {
    for (const map of [
      this.organizations,
      this.projects,
      this.folders,
      this.tagKeys,
      this.tagValues,
      this.tagBindings,
      this.tagHolds,
      this.liens,
    ])
      map.clear();
    const now = new Date();
    for (const options of this.#organizationOptions) {
      const name = `organizations/${options.id}`;
      this.organizations.set(name, {
        name,
        state: 'ACTIVE',
        domain: options.domain ?? 'example.com',
        directoryCustomerId: options.directoryCustomerId ?? `C0${options.id.slice(-7)}`,
        createTime: now,
        etag: newEtag(),
      });
    }
  }

  nextNumber(kind: NumberedKind): string {
    const number = this.#next.get(kind) ?? FIRST_NUMBER[kind];
    this.#next.set(kind, number + 1n);
    return String(number);
  }

  /** `projects/{number}` or `projects/{projectId}`, as GetProject accepts both. */
  projectByReference(reference: string): ProjectRecord | undefined {
    const match = /^projects\/([^/]+)$/.exec(reference);
    const key = match?.[1];
    if (key === undefined) return undefined;
    if (/^[0-9]+$/.test(key)) return this.projects.get(reference);
    for (const project of this.projects.values()) if (project.projectId === key) return project;
    return undefined;
  }

  isProjectIdTaken(projectId: string): boolean {
    return this.projectByReference(`projects/${projectId}`) !== undefined;
  }

  /** A folder or organization, which can hold folders and projects. */
  container(name: string): FolderRecord | OrganizationRecord | undefined {
    return this.folders.get(name) ?? this.organizations.get(name);
  }

  /** The parent of a project, folder or organization (none for organizations and orphans). */
  parentOf(name: string): string | undefined {
    const parent = (this.projects.get(name) ?? this.folders.get(name))?.parent;
    return parent === '' ? undefined : parent;
  }

  /** The folders and organization above a resource, nearest first. */
  ancestors(name: string): string[] {
    const ancestors: string[] = [];
    for (let parent = this.parentOf(name); parent !== undefined; parent = this.parentOf(parent)) {
      if (ancestors.includes(parent)) break;
      ancestors.push(parent);
    }
    return ancestors;
  }

  /** The ACTIVE folders and projects directly under a folder or organization. */
  activeChildren(container: string): string[] {
    return [...this.folders.values(), ...this.projects.values()]
      .filter((child) => child.parent === container && child.state === 'ACTIVE')
      .map((child) => child.name);
  }
}

/** A weak entity tag like the ones Resource Manager returns, new on every change. */
export function newEtag(): string {
  return `W/"${randomBytes(8).toString('hex')}"`;
}
