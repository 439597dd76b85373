import { describe, expect, it } from 'vitest';
import type { Resource } from '@kusion/sdk';
import { validateResources } from './validate-resources.js';

const gcp = (id: string, attributes: Record<string, unknown> = {}): Resource => ({
  id,
  type: 'GCP',
  attributes,
});
const context = { settings: { parent: 'organizations/1' }, hasRestEndpoint: true };
const messages = (resources: Resource[], ctx = context) =>
  validateResources(resources, ctx).map((d) => d.message);

describe('validate', () => {
  it('accepts every kind written as the README shows', () => {
    expect(
      messages([
        gcp('gcp:Folder:platform'),
        gcp('gcp:Project:shop-dev', {
          displayName: 'Shop dev',
          parent: '$kusion_path.gcp:Folder:platform.name',
          labels: { team: 'shop', env: 'dev' },
        }),
        gcp('gcp:TagKey:env', { description: 'Environment' }),
        gcp('gcp:TagValue:env-prod', {
          shortName: 'prod',
          parent: '$kusion_path.gcp:TagKey:env.name',
        }),
        gcp('gcp:TagBinding:shop-dev-env', {
          parent: '$kusion_path.gcp:Project:shop-dev.name',
          tagValue: '1/env/prod',
        }),
        gcp('gcp:IamPolicyMember:shop-dev-viewers', {
          resource: 'projects/shop-dev',
          role: 'roles/viewer',
          member: 'group:shop@example.com',
        }),
        gcp('gcp:Lien:shop-dev', { parent: 'projects/shop-dev', reason: 'holds data' }),
        gcp('anything', { kind: 'Folder', displayName: 'Ops' }),
      ]),
    ).toEqual([]);
  });

  it('names the resource, the attribute, what came and what is expected, all at once', () => {
    expect(
      messages([
        gcp('gcp:Project:Shop_Dev'),
        gcp('gcp:Project:shop-prod', { displayname: 'Shop', labels: { Team: 'x' } }),
        gcp('gcp:IamPolicyMember:x', { role: 'viewer' }),
        gcp('gcp:Bucket:assets'),
        gcp('gcp:Folder:f', { kind: 'Project' }),
      ]),
    ).toEqual([
      'resource "gcp:Project:Shop_Dev": the project id comes from the id\'s last part "Shop_Dev", which is not a project id (6 to 30 lowercase letters, digits or hyphens, starting with a letter and not ending with a hyphen): set attributes.projectId',
      'resource "gcp:Project:shop-prod": unknown attribute "displayname" for a Project (did you mean "displayName"?); allowed: kind, projectId, displayName, parent, labels',
      expect.stringContaining(
        'resource "gcp:Project:shop-prod": attributes.labels must be a map of at most 64 labels',
      ),
      'resource "gcp:IamPolicyMember:x": attributes.role must be a role such as "roles/viewer", or a custom role "projects/<id>/roles/<name>" or "organizations/<n>/roles/<name>", received "viewer"',
      'resource "gcp:IamPolicyMember:x": attributes.resource is required: whose policy',
      'resource "gcp:IamPolicyMember:x": attributes.member is required: who is granted the role',
      'resource "gcp:Bucket:assets": cannot tell the kind: write the id as "gcp:<Kind>:<name>" or set attributes.kind (one of Project, Folder, TagKey, TagValue, TagBinding, IamPolicyMember, Lien); "Bucket" is not one',
      'resource "gcp:Folder:f": the id says kind "Folder" but attributes.kind is "Project": make them agree',
    ]);
  });

  it('refuses two resources for one project, a folder parent for a tag key, and liens without REST', () => {
    expect(
      messages(
        [
          gcp('gcp:Project:a', { projectId: 'shop-dev' }),
          gcp('gcp:Project:shop-dev'),
          gcp('gcp:TagKey:env'),
          gcp('gcp:Lien:l', { parent: 'projects/shop-dev', reason: 'r' }),
        ],
        { settings: { parent: 'folders/9' }, hasRestEndpoint: false },
      ),
    ).toEqual([
      'resource "gcp:Project:shop-dev": project id "shop-dev" is also the id of "gcp:Project:a": one project, one resource',
      'resource "gcp:TagKey:env": attributes.parent is required: tag keys belong to an organization or a project, and providers.gcp.parent is folders/9',
      'resource "gcp:Lien:l": liens go through the REST API, and providers.gcp has a loopback endpoint without restEndpoint: set providers.gcp.restEndpoint',
    ]);
  });
});
