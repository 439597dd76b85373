/**
 * The generate pipeline with modules: apps in main.yaml, module settings in the workspace, the
 * engine's own generators (Namespace, workload Secrets, kind ordering), patchers, platform keys.
 */
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { ConfigError, isKusionError, SENSITIVE_MASK } from '@kusion/sdk';
import type { Resource, Spec } from '@kusion/sdk';
import { testProvider } from '@kusion/testkit';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { stringify } from 'yaml';
import { deploy, destroy, generate, listReleases, updateWorkspace } from '../src/index.js';
import { fixtureModules, installModulePackage } from './fixture-modules.js';
import { createScratchProject } from './scratch-project.js';
import type { ScratchProject } from './scratch-project.js';

let project: ScratchProject;
beforeEach(async () => {
  project = await createScratchProject();
});
afterEach(async () => {
  await project.cleanup();
});

const plugins = [testProvider, ...fixtureModules];

const SHOP = `apps:
  shop:
    workload:
      type: service
      module: web
      containers:
        main: { image: "shop:1" }
      secrets:
        db-login: { type: basic, data: { username: shop } }
        api: { type: external, data: { token: ref://shop-api/token } }
    accessories:
      db: { module: database, engine: postgres }
      trace: { module: tracing }
`;

async function setUp(
  options: { main?: string; workspace?: Record<string, unknown>; projectName?: string } = {},
): Promise<void> {
  if (options.projectName)
    await writeFile(join(project.dir, 'project.yaml'), `name: ${options.projectName}\n`);
  await writeFile(join(project.dir, 'dev', 'main.yaml'), options.main ?? SHOP);
  await writeFile(
    join(project.dir, 'workspace.yaml'),
    stringify({
      providers: { test: { dir: '.cloud-test' } },
      secretStore: { provider: 'env' },
      context: { region: 'eu-west-1' },
      modules: { database: { configs: { default: { type: 'local' } } } },
      ...options.workspace,
    }),
  );
  await updateWorkspace({
    ...project.options({ plugins }),
    name: 'dev',
    file: join(project.dir, 'workspace.yaml'),
  });
}

async function spec(): Promise<Spec> {
  return (await generate(project.options({ plugins }))).spec;
}

const byId = (resources: readonly Resource[], id: string): Resource => {
  const found = resources.find((r) => r.id === id);
  if (!found) throw new Error(`no ${id} in ${resources.map((r) => r.id).join(', ')}`);
  return found;
};

const containerEnv = (deployment: Resource): unknown =>
  (deployment.attributes as { spec: { template: { spec: { containers: { env?: unknown }[] } } } })
    .spec.template.spec.containers[0]?.env;

describe('generate with modules', () => {
  it('gives each module its part, applies every patcher after all modules ran, and adds the Namespace and Secrets', async () => {
    await setUp();
    const { resources, secretStore, context } = await spec();
    expect(resources.map((r) => r.id)).toEqual([
      'v1:Namespace:scratch',
      'apps/v1:Deployment:scratch:shop',
      'v1:ConfigMap:scratch:shop-config',
      'v1:Service:scratch:shop-db',
      'v1:Secret:scratch:db-login',
      'v1:Secret:scratch:api',
    ]);
    const deployment = byId(resources, 'apps/v1:Deployment:scratch:shop');
    // The accessory's patcher reached the workload: env var and pod label; tracing patched it by id.
    expect(containerEnv(deployment)).toEqual([
      { name: 'DB_HOST', value: 'shop-db.scratch.svc.cluster.local' },
    ]);
    expect(deployment.attributes).toMatchObject({
      metadata: { annotations: { 'tracing.example/enabled': 'true' } },
      spec: {
        template: { metadata: { labels: { app: 'shop', 'db.example/engine': 'postgres' } } },
      },
    });
    // Kusion's Spec carries the workspace's secret store and context.
    expect(secretStore).toEqual({ provider: 'env' });
    expect(context).toEqual({ region: 'eu-west-1' });
  });

  it('orders Kubernetes kinds as Kusion does: Namespace, configuration, Services, then workloads', async () => {
    await setUp();
    const { resources } = await spec();
    const dependsOn = (id: string) => byId(resources, id).dependsOn ?? [];
    expect(dependsOn('v1:Namespace:scratch')).toEqual([]);
    expect(dependsOn('v1:ConfigMap:scratch:shop-config')).toEqual(['v1:Namespace:scratch']);
    expect(dependsOn('v1:Secret:scratch:db-login')).toEqual(['v1:ConfigMap:scratch:shop-config']);
    expect(dependsOn('v1:Service:scratch:shop-db')).toEqual([
      'v1:Secret:scratch:db-login',
      'v1:Secret:scratch:api',
    ]);
    expect(dependsOn('apps/v1:Deployment:scratch:shop')).toEqual(['v1:Service:scratch:shop-db']);
  });

  it('generates workload Secrets: basic values filled in and stable across runs, external ones as ref://', async () => {
    await setUp();
    const first = byId((await spec()).resources, 'v1:Secret:scratch:db-login');
    const second = byId((await spec()).resources, 'v1:Secret:scratch:db-login');
    const data = (first.attributes as { data: Record<string, string> }).data;
    expect(Buffer.from(data.username ?? '', 'base64').toString()).toBe('shop');
    const password = Buffer.from(data.password ?? '', 'base64').toString();
    expect(password).toMatch(/^[b-z2-9B-Z]{54}$/);
    expect(second.attributes).toEqual(first.attributes); // no perpetual diff
    expect(first.attributes).toMatchObject({ type: 'kubernetes.io/basic-auth' });
    expect(first.extensions).toEqual({ sensitivePaths: ['data'] });
    expect(byId((await spec()).resources, 'v1:Secret:scratch:api').attributes).toMatchObject({
      type: 'Opaque',
      stringData: { token: 'ref://shop-api/token' },
    });
    // On a terminal the generated password is masked and scrubbed.
    const { masked } = await generate(project.options({ plugins }));
    expect(JSON.stringify(masked)).not.toContain(password);
    expect(JSON.stringify(masked)).toContain(SENSITIVE_MASK);
  });

  it("puts the apps in the stack's kubernetesNamespace (Kusion's list form) or the project's", async () => {
    await setUp();
    await writeFile(
      join(project.dir, 'dev', 'stack.yaml'),
      'name: dev\nextensions:\n  - kind: kubernetesNamespace\n    kubernetesNamespace: { namespace: shop-dev }\n',
    );
    await writeFile(
      join(project.dir, 'project.yaml'),
      'name: scratch\nextensions: { kubernetesNamespace: { namespace: shop-all } }\n',
    );
    const ids = (await spec()).resources.map((r) => r.id);
    expect(ids).toContain('v1:Namespace:shop-dev');
    expect(ids).toContain('apps/v1:Deployment:shop-dev:shop');
    await writeFile(join(project.dir, 'dev', 'stack.yaml'), 'name: dev\n');
    expect((await spec()).resources.map((r) => r.id)).toContain('apps/v1:Deployment:shop-all:shop');
  });

  it('gives the project the patcher its projectSelector names, over default, and others the default', async () => {
    const workspace = {
      modules: {
        database: { configs: { default: { type: 'local' } } },
        web: {
          configs: {
            default: { replicas: 1, tier: 'standard' },
            busy: { replicas: 4, projectSelector: ['shop'] },
          },
        },
      },
    };
    await setUp({ workspace, projectName: 'shop' });
    const replicas = async () =>
      (
        byId((await spec()).resources, 'apps/v1:Deployment:shop:shop').attributes as {
          spec: { replicas: number };
        }
      ).spec.replicas;
    expect(await replicas()).toBe(4);
    const config = byId((await spec()).resources, 'v1:ConfigMap:shop:shop-config');
    expect(config.attributes).toMatchObject({ data: { tier: 'standard' } }); // the rest from default
    await setUp({ workspace, projectName: 'blog' });
    expect(
      (
        byId((await spec()).resources, 'apps/v1:Deployment:blog:shop').attributes as {
          spec: { replicas: number };
        }
      ).spec.replicas,
    ).toBe(1);
  });

  it('wires a cloud accessory into the workload through $kusion_path, with no Kubernetes Service', async () => {
    await setUp({
      workspace: { modules: { database: { configs: { default: { type: 'cloud' } } } } },
    });
    const { resources } = await spec();
    expect(byId(resources, 'test:shop-db').attributes).toEqual({
      engine: 'postgres',
      host: 'shop-db.db.example',
    });
    expect(containerEnv(byId(resources, 'apps/v1:Deployment:scratch:shop'))).toEqual([
      { name: 'DB_HOST', value: '$kusion_path.test:shop-db.host' },
    ]);
    expect(resources.some((r) => r.id.startsWith('v1:Service:'))).toBe(false);
  });

  it('records importedResources and healthPolicy in extensions, and keeps them from the module', async () => {
    await setUp({
      workspace: {
        modules: {
          database: {
            configs: {
              default: {
                type: 'local',
                importedResources: { 'v1:Service:scratch:shop-db': 'shop-db-existing' },
              },
            },
          },
          web: {
            configs: {
              default: {
                replicas: 2,
                healthPolicy: { 'health.kcl': 'assert res.status.readyReplicas > 0' },
              },
            },
          },
        },
      },
    });
    const { resources } = await spec();
    expect(byId(resources, 'v1:Service:scratch:shop-db').extensions).toEqual({
      'kusionstack.io/import-id': 'shop-db-existing',
    });
    expect(byId(resources, 'apps/v1:Deployment:scratch:shop').extensions).toMatchObject({
      healthPolicy: { 'health.kcl': 'assert res.status.readyReplicas > 0' },
    });
    // Only the workload: the ConfigMap the module also generated is not marked a workload.
    expect(byId(resources, 'v1:ConfigMap:scratch:shop-config').extensions).toBeUndefined();
  });
});

describe('an imported resource', () => {
  it('carries its import id, and a destroy forgets it instead of deleting it', async () => {
    await setUp({
      main: 'apps:\n  shop:\n    accessories:\n      db: { module: database, engine: postgres }\n',
      workspace: {
        modules: {
          database: {
            configs: {
              default: { type: 'cloud', importedResources: { 'test:shop-db': 'db-0042' } },
            },
          },
        },
      },
    });
    expect((await deploy(project.options({ plugins }))).status).toBe('succeeded');
    const destroyed = await destroy(project.options({ plugins }));
    expect(destroyed.status).toBe('succeeded');
    expect(destroyed.plan.changes.map((c) => c.reason)).toEqual([
      'removed from spec; it was imported (db-0042): Kusion forgets it and leaves the object',
    ]);
    expect((await project.operations()).map((o) => `${o.op} ${o.id}`)).toEqual([
      'create test:shop-db',
    ]);
    expect(Object.keys(await project.cloud())).toContain('test%3Ashop-db.json');
  });
});

describe('malformed settings', () => {
  it('reports every app problem together, at main.yaml:line, and changes nothing', async () => {
    await setUp({
      main: `apps:
  shop:
    workload:
      type: service
      module: web
      replicas: two
      containers:
        main: { image: "shop:1", imagePullPolicy: Always }
    accessories:
      db: { module: database, size: 0 }
`,
    });
    const error = await deploy(project.options({ plugins })).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ConfigError);
    const lines = (error as ConfigError).diagnostics.map(
      (d) => `${(d.file ?? '').replace(`${project.dir}/`, '')}:${String(d.line)}: ${d.message}`,
    );
    expect(lines).toEqual([
      'dev/main.yaml:6: apps.shop.workload.replicas: must be an integer, received "two"',
      'dev/main.yaml:8: apps.shop.workload.containers.main.imagePullPolicy: unknown property "imagePullPolicy"; allowed: image',
      'dev/main.yaml:10: apps.shop.accessories.db: missing required property "engine"',
      'dev/main.yaml:10: apps.shop.accessories.db.size: must be >= 1, received 0',
    ]);
    expect(await listReleases(project.options({ plugins }))).toEqual([]);
    expect(await project.operations()).toEqual([]);
  });

  it('refuses platform settings a module does not accept at workspace update, at their line', async () => {
    const file = join(project.dir, 'workspace.yaml');
    await writeFile(
      file,
      `providers: { test: { dir: .cloud-test } }
modules:
  database:
    configs:
      default: { type: local }
      big: { type: mainframe, projectSelector: [shop] }
  web:
    configs:
      default: { replica: 3 }
`,
    );
    const error = await updateWorkspace({
      ...project.options({ plugins }),
      name: 'dev',
      file,
    }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ConfigError);
    expect(
      (error as ConfigError).diagnostics.map((d) => `${String(d.line)}: ${d.message}`),
    ).toEqual([
      '6: modules.database.configs.big.type: must be one of "local", "cloud", received "mainframe" (module database, for the projects of patcher "big")',
      '9: modules.web.configs.default.replica: unknown property "replica" (did you mean "replicas"?); allowed: replicas, tier (module web)',
    ]);
  });

  it('only warns at workspace update about a module that is not installed', async () => {
    const file = join(project.dir, 'workspace.yaml');
    await writeFile(file, 'modules:\n  mailer:\n    configs: { default: { type: smtp } }\n');
    await updateWorkspace({ ...project.options({ plugins }), name: 'dev', file });
    const warning = project.io.messages.find((m) => m.code === 'MODULE_NOTICE');
    expect(warning?.level).toBe('warn');
    expect(warning?.message).toContain(
      'module mailer (@kusion/module-mailer or kusion-module-mailer): not found',
    );
  });
});

describe('module packages', () => {
  const APP = 'apps:\n  shop:\n    accessories:\n      db: { module: mysql }\n';

  it('checks a version range against the installed package and names both', async () => {
    await installModulePackage(project.dir, '@acme/kusion-mysql', 'mysql', '1.4.2');
    await setUp({
      main: APP,
      workspace: { modules: { mysql: { package: '@acme/kusion-mysql', version: '^1.2.0' } } },
    });
    expect(byId((await spec()).resources, 'test:shop-db').attributes).toEqual({
      size: 'small',
      from: '@acme/kusion-mysql@1.4.2',
    });
    await setUp({
      main: APP,
      workspace: { modules: { mysql: { package: '@acme/kusion-mysql', version: '^2.0.0' } } },
    });
    const error = await spec().catch((e: unknown) => e);
    expect(isKusionError(error) && error.code).toBe('PLUGIN_LOAD_FAILED');
    expect((error as Error).message).toBe(
      'module mysql (@acme/kusion-mysql): version 1.4.2 is installed and the workspace asks for ^2.0.0: install a matching one (npm install @acme/kusion-mysql@"^2.0.0") or change modules.mysql.version',
    );
  });

  it("maps Kusion's oci://ghcr.io/kusionstack/<name> to our catalog package, its version shown, not enforced", async () => {
    await installModulePackage(project.dir, '@kusion/module-mysql', 'mysql', '0.1.0');
    await setUp({
      main: APP,
      workspace: {
        modules: {
          mysql: {
            path: 'oci://ghcr.io/kusionstack/mysql',
            version: '0.2.0',
            configs: { default: { size: 'large' } },
          },
        },
      },
    });
    expect(byId((await spec()).resources, 'test:shop-db').attributes).toEqual({
      size: 'large',
      from: '@kusion/module-mysql@0.1.0',
    });
  });
});
