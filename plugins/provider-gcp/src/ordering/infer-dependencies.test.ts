import { describe, expect, it } from 'vitest';
import type { Resource } from '@kusion/sdk';
import { inferDependencies } from './infer-dependencies.js';

const gcp = (kind: string, name: string, attributes: Record<string, unknown> = {}): Resource => ({
  id: `gcp:${kind}:${name}`,
  type: 'GCP',
  attributes,
});

describe('dependencies from literal names', () => {
  it('links literal project ids, adopted folders and namespaced tag names to the resources of the Spec', () => {
    const resources = [
      gcp('Folder', 'platform', { name: 'folders/42' }),
      gcp('Project', 'shop-dev', { parent: 'folders/42' }),
      gcp('TagKey', 'env'),
      gcp('TagValue', 'env-prod', { shortName: 'prod', parent: '123456789012/env' }),
      gcp('TagKey', 'team', { parent: 'projects/shop-dev' }),
      gcp('TagBinding', 'shop-dev-env', {
        parent: '//cloudresourcemanager.googleapis.com/projects/shop-dev',
        tagValue: '123456789012/env/prod',
      }),
      gcp('IamPolicyMember', 'viewers', {
        resource: 'projects/shop-dev',
        role: 'roles/viewer',
        member: 'group:v@example.com',
      }),
      gcp('Lien', 'keep', { parent: 'projects/shop-dev', reason: 'data' }),
      gcp('IamPolicyMember', 'elsewhere', { resource: 'projects/not-in-spec' }),
      { id: 'other', type: 'Test', attributes: { parent: 'projects/shop-dev' } },
    ];
    expect(inferDependencies(resources, 'organizations/123456789012')).toEqual([
      { dependent: 'gcp:Project:shop-dev', dependency: 'gcp:Folder:platform' },
      { dependent: 'gcp:TagValue:env-prod', dependency: 'gcp:TagKey:env' },
      { dependent: 'gcp:TagKey:team', dependency: 'gcp:Project:shop-dev' },
      { dependent: 'gcp:TagBinding:shop-dev-env', dependency: 'gcp:Project:shop-dev' },
      { dependent: 'gcp:TagBinding:shop-dev-env', dependency: 'gcp:TagValue:env-prod' },
      { dependent: 'gcp:IamPolicyMember:viewers', dependency: 'gcp:Project:shop-dev' },
      { dependent: 'gcp:Lien:keep', dependency: 'gcp:Project:shop-dev' },
    ]);
  });

  it('finds a value by namespaced name when its key is a reference, and adds nothing for references', () => {
    const resources = [
      gcp('TagKey', 'env', { parent: 'organizations/1' }),
      gcp('TagValue', 'env-dev', { shortName: 'dev', parent: '$kusion_path.gcp:TagKey:env.name' }),
      gcp('TagBinding', 'b', { parent: 'folders/7', tagValue: '1/env/dev' }),
    ];
    expect(inferDependencies(resources, undefined)).toEqual([
      { dependent: 'gcp:TagBinding:b', dependency: 'gcp:TagValue:env-dev' },
    ]);
  });
});
