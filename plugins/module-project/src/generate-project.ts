/**
 * `project`: a team's GCP landing zone from one accessory — the project in the platform's folder
 * (`gcp:Project`), a `TagBinding` per platform tag value (billing first), and an
 * `IamPolicyMember` per group and role — through `@kusion/provider-gcp`. The project id reaches
 * the workload as `GCP_PROJECT_ID`, a `$kusion_path` reference: resolved from the created
 * project, and an edge that applies the workload after it.
 */
import { createHash } from 'node:crypto';
import { kusionPath } from '@kusion/sdk';
import type { ModuleGenerateRequest, ModuleGenerateResult, Resource } from '@kusion/sdk';
import {
  appSettingError,
  envPrefixOf,
  kubernetesName,
  platformSettingError,
} from '@kusion/module-kit';
import type { ProjectPlatformSettings, ProjectSettings } from './project-settings.js';

const MODULE = 'project';
/** GCP project ids: 6–30 lower-case letters, digits and hyphens, a letter first, no hyphen last. */
const MAX_PROJECT_ID = 30;
const MIN_PROJECT_ID = 6;

export function generateProject(request: ModuleGenerateRequest): ModuleGenerateResult {
  if (request.part.kind !== 'accessory') {
    throw appSettingError(
      request,
      ['module'],
      'the project module generates an accessory of an app, not its workload',
    );
  }
  const settings = request.part.value as unknown as ProjectSettings;
  const platform = request.platform as Partial<ProjectPlatformSettings>;
  checkSettings(request, settings, platform);
  const parent = platform.parent ?? '';

  const projectId = projectIdOf(request, platform.projectIdPrefix ?? '');
  const labels = { ...settings.labels, ...platform.labels };
  const project = gcpResource('Project', projectId, {
    projectId,
    displayName: displayNameOf(request),
    parent,
    // `labels: {}` would remove labels set outside kusion: without any, labels are not managed.
    ...(Object.keys(labels).length ? { labels } : {}),
  });
  const projectName = kusionPath(project.id, 'name');

  const tagValues = [
    ...(platform.billingTag === undefined ? [] : [platform.billingTag]),
    ...(platform.tags ?? []),
  ];
  const bindings = [...new Set(tagValues)].map((tagValue) =>
    gcpResource('TagBinding', `${projectId}-${tagSlug(tagValue)}`, {
      parent: projectName,
      tagValue,
    }),
  );
  const members = Object.entries(platform.iam ?? {}).flatMap(([role, list]) =>
    list.map((written) => {
      const member = memberOf(written);
      return gcpResource(
        'IamPolicyMember',
        kubernetesName(`${projectId}-${roleSlug(role)}-${member.replace(/^[^:]*:/, '')}`),
        { resource: projectName, role, member },
      );
    }),
  );

  const prefix = envPrefixOf(request, 'GCP_PROJECT_', [MODULE]);
  return {
    resources: [project, ...bindings, ...members],
    patcher: {
      environments: [{ name: `${prefix}ID`, value: kusionPath(project.id, 'projectId') }],
    },
  };
}

function checkSettings(
  request: ModuleGenerateRequest,
  settings: ProjectSettings,
  platform: Partial<ProjectPlatformSettings>,
): void {
  if (typeof platform.parent !== 'string' || !/^folders\/[0-9]+$/.test(platform.parent)) {
    throw platformSettingError(
      MODULE,
      'parent',
      platform.parent === undefined
        ? 'is required: the folder of the team projects'
        : `${JSON.stringify(platform.parent)} is not a folder`,
      'set parent: folders/<number> (gcloud resource-manager folders list --organization <id>)',
    );
  }
  if (settings.services?.length) {
    throw appSettingError(
      request,
      ['services'],
      `enabling APIs (${settings.services.join(', ')}) needs the Service Usage API, which @kusion/provider-gcp does not manage yet`,
      'leave services out and enable them once with `gcloud services enable <api> --project <id>`',
    );
  }
  const other = Object.entries(request.app.accessories ?? {}).find(
    ([name, accessory]) => name !== request.part.name && accessory.module === MODULE,
  );
  if (other) {
    throw appSettingError(
      request,
      ['module'],
      `accessories "${request.part.name}" and "${other[0]}" would both be the app's GCP project`,
      'keep one project accessory per app (a second app gets a project of its own)',
    );
  }
}

function gcpResource(kind: string, name: string, attributes: Record<string, unknown>): Resource {
  return { id: `gcp:${kind}:${name}`, type: 'GCP', attributes };
}

/**
 * `<prefix><project>-<workspace>`, and the app's name after the project's when they differ: one
 * project per app and environment. Too long, it keeps its start and ends with a hash of the whole.
 */
function projectIdOf(request: ModuleGenerateRequest, prefix: string): string {
  const parts = [
    request.project,
    ...(request.appName === request.project ? [] : [request.appName]),
    request.workspace,
  ];
  const written = `${prefix}${parts.join('-')}`;
  let id = written
    .toLowerCase()
    .replace(/[^a-z0-9-]+/g, '-')
    .replace(/-{2,}/g, '-')
    .replace(/^[^a-z]+|-+$/g, '');
  if (id.length > MAX_PROJECT_ID) {
    const hash = createHash('sha256').update(written).digest('hex').slice(0, 6);
    id = `${id.slice(0, MAX_PROJECT_ID - hash.length - 1).replace(/-+$/, '')}-${hash}`;
  }
  return id.length >= MIN_PROJECT_ID ? id : `${id || 'app'}-proj`.slice(0, MAX_PROJECT_ID);
}

/** 4–30 letters, digits, spaces and `-'"!`: `shop dev`. */
function displayNameOf(request: ModuleGenerateRequest): string {
  const name = [
    request.project,
    ...(request.appName === request.project ? [] : [request.appName]),
    request.workspace,
  ]
    .join(' ')
    .replace(/[^A-Za-z0-9 '"!-]+/g, '-')
    .slice(0, 30)
    .trim();
  return name.length >= 4 ? name : `${name} app`;
}

/** `123456789012/billing/shop` → `billing-shop`; `tagValues/456` → `tagvalues-456`. */
function tagSlug(tagValue: string): string {
  return kubernetesName(tagValue.split('/').slice(-2).join('-'));
}

/** `roles/storage.objectViewer` → `storage-objectviewer`. */
function roleSlug(role: string): string {
  return kubernetesName(role.split('/').at(-1) ?? role);
}

/** A bare e-mail address is a group, as the platform setting says. */
function memberOf(written: string): string {
  return written.includes(':') ? written : `group:${written}`;
}
