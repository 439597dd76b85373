import { mkdtemp, realpath, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ConfigError } from '@kusion/sdk';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { loadWorkspaceFile } from './workspace-file.js';

let dir: string;

beforeEach(async () => {
  dir = await realpath(await mkdtemp(join(tmpdir(), 'kusion-workspace-')));
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

async function workspaceFile(text: string): Promise<string> {
  await writeFile(join(dir, 'prod.yaml'), text);
  return join(dir, 'prod.yaml');
}

async function configError(path: string): Promise<ConfigError> {
  const reason = await loadWorkspaceFile(path, 'prod').then(
    () => undefined,
    (error: unknown) => error,
  );
  if (reason instanceof ConfigError) return reason;
  throw new Error(`expected a ConfigError, got ${String(reason)}`);
}

describe('loadWorkspaceFile', () => {
  it('reads providers, modules, secretStore and context, named from the command line', async () => {
    const path = await workspaceFile(`description: production
providers:
  kubernetes: { kubeconfig: ~/.kube/prod, context: prod }
  aws: { package: "@acme/kusion-aws", types: [AWS], region: eu-west-1 }
modules:
  postgres:
    package: "@kusion/module-postgres"
    configs:
      default: { engine: rds, size: db.t3.micro }
      large: { size: db.m5.large, projectSelector: [shop, billing] }
secretStore: { provider: aws, region: eu-west-1 }
context: { account: "123456789012" }
`);
    expect(await loadWorkspaceFile(path, 'prod')).toEqual({
      description: 'production',
      providers: {
        kubernetes: { kubeconfig: '~/.kube/prod', context: 'prod' },
        aws: { package: '@acme/kusion-aws', types: ['AWS'], region: 'eu-west-1' },
      },
      modules: {
        postgres: {
          package: '@kusion/module-postgres',
          configs: {
            default: { engine: 'rds', size: 'db.t3.micro' },
            large: { size: 'db.m5.large', projectSelector: ['shop', 'billing'] },
          },
        },
      },
      secretStore: { provider: 'aws', region: 'eu-west-1' },
      context: { account: '123456789012' },
      name: 'prod',
    });
  });

  it('reads an empty file as an empty workspace', async () => {
    expect(await loadWorkspaceFile(await workspaceFile('# nothing yet\n'), 'prod')).toEqual({
      name: 'prod',
    });
  });

  it('reports every problem with its line', async () => {
    const path = await workspaceFile(`provider:
  aws: {}
providers:
  aws: { types: AWS }
modules:
  postgres:
    configs:
      large: { size: db.m5.large, projectSelector: [] }
secretStore: {}
`);
    expect(
      (await configError(path)).diagnostics.map((d) => `${d.line ?? ''}: ${d.message}`),
    ).toEqual([
      '1: provider: unknown property "provider" (did you mean "providers"?); allowed: description, providers, modules, secretStore, context, plugins',
      '4: providers.aws.types: must be an array, received "AWS"',
      '8: modules.postgres.configs.large.projectSelector: patcher "large" selects no project: give it a non-empty projectSelector (a list of project names), or name it "default" to apply it to every project',
      '9: secretStore: missing required property "provider"',
    ]);
  });

  it('refuses a misspelt package or types under a provider, and leaves its other settings alone', async () => {
    const path = await workspaceFile(`providers:
  test:
    pakage: "@kusion/testkit"
    dir: .kusion/test-cloud
  kubernetes:
    type: [Kubernetes]
    kubeconfig: ~/.kube/config
    tags: { team: shop }
    packages: 3
`);
    expect(
      (await configError(path)).diagnostics.map(
        (d) => `${d.line ?? ''}:${d.column ?? ''}: ${d.message}`,
      ),
    ).toEqual([
      '3:5: providers.test.pakage: unknown key "pakage" (did you mean "package"?)',
      '6:5: providers.kubernetes.type: unknown key "type" (did you mean "types"?)',
      '9:5: providers.kubernetes.packages: unknown key "packages" (did you mean "package"?)',
    ]);
  });

  it('says when the file does not exist', async () => {
    const error = await configError(join(dir, 'missing.yaml'));
    expect(error.code).toBe('CONFIG_INVALID');
    expect(error.message).toBe(`${join(dir, 'missing.yaml')}: file not found`);
    expect(error.hint).toContain('workspace YAML file');
  });
});
