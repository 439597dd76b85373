/**
 * The module engine through the packed CLI, with module packages of the suite's own installed in
 * the scratch projects (no catalog needed): Kusion's workspace rules at `workspace create`,
 * patchers selected by project, Kusion's `oci://ghcr.io/kusionstack/<m>` paths, version ranges,
 * app settings checked at their main.yaml line with nothing changed, and `mod list`.
 */
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { expectErrorDocument, expectExit } from '../test/support/expectations.ts';
import { installed, runKusion } from '../test/support/kusion.ts';
import { createProject } from '../test/support/project.ts';
import type { ScratchProject } from '../test/support/project.ts';
import { toYaml } from '../test/support/yaml.ts';
import { installFixtureModule } from './support/fixture-modules.ts';

const WEB = {
  packageName: 'kusion-module-web',
  moduleName: 'web',
  version: '1.4.0',
  kind: 'workload',
} as const;
const CACHE = {
  packageName: '@kusion/module-cache',
  moduleName: 'cache',
  version: '0.3.0',
  kind: 'accessory',
} as const;

const SHOP_APP = `apps:
  shop:
    workload:
      type: service
      module: web
      containers:
        main: { image: "shop:1.0" }
    accessories:
      cache: { module: cache, size: small }
`;

/** A project with the two fixture modules installed and `main.yaml` written. */
async function moduleProject(
  name: string,
  main = SHOP_APP,
  kusionHome?: string,
): Promise<ScratchProject> {
  const project = await createProject({ name });
  await installFixtureModule(project.root, WEB);
  await installFixtureModule(project.root, CACHE);
  await project.writeMainYaml(main);
  if (kusionHome === undefined) return project;
  // Projects of one team share a backend (and so the workspace).
  return {
    ...project,
    kusionHome,
    run: (args, options) => project.run(args, { kusionHome, ...options }),
  };
}

async function writeWorkspace(
  project: ScratchProject,
  name: string,
  modules: unknown,
): Promise<string> {
  return project.writeWorkspaceFile(name, {}, { modules });
}

describe('modules from packages in the project', () => {
  it('generate and deploy an app; a patcher with projectSelector [shop] changes replicas for shop only', async () => {
    const shop = await moduleProject('shop');
    const blog = await moduleProject(
      'blog',
      SHOP_APP.replace('shop:\n', 'blog:\n'),
      shop.kusionHome,
    );
    const file = await writeWorkspace(shop, 'dev', {
      web: {
        package: 'kusion-module-web',
        version: '^1.2.0',
        configs: { default: { replicas: 1 }, busy: { replicas: 3, projectSelector: ['shop'] } },
      },
      cache: { configs: { default: { tier: 'gold' } } },
    });
    expectExit(await shop.run(['workspace', 'create', 'dev', '-f', file]), 0);

    const generated = await shop.run(['generate', '--json']);
    expectExit(generated, 0);
    const spec = generated.json<{
      resources: { id: string; attributes: Record<string, unknown> }[];
    }>();
    expect(spec.resources.map((r) => r.id)).toEqual(['test:shop', 'test:shop-cache']);
    // The accessory's JSON patch reached the workload's resource, after every module ran.
    expect(spec.resources[0]?.attributes).toEqual({
      images: ['shop:1.0'],
      replicas: 3,
      env: [{ name: 'CACHE_ID', value: '$kusion_path.test:shop-cache.uid' }],
    });
    expect(spec.resources[1]?.attributes).toEqual({
      size: 'small',
      tier: 'gold',
      madeBy: '@kusion/module-cache@0.3.0',
    });

    expectExit(await shop.run(['deploy', '--yes']), 0);
    expectExit(await blog.run(['deploy', '--yes']), 0);
    const shopApp = await shop.readResource('test:shop');
    expect(shopApp.replicas).toBe(3);
    expect((shopApp.env as { value: string }[])[0]?.value).toBe(
      (await shop.readResource('test:shop-cache')).uid,
    );
    expect((await blog.readResource('test:blog')).replicas).toBe(1);
    expectExit(await shop.run(['preview', '--exit-code']), 0);
  });

  it("accepts Kusion's own workspace file: path oci://ghcr.io/kusionstack/<m> and version map to @kusion/module-<m>", async () => {
    const project = await moduleProject('shop');
    const file = join(project.root, 'workspaces', 'kusion.yaml');
    // As KusionStack Kusion writes it (no oci:// on the second), with our providers.
    await writeFile(
      file,
      toYaml({
        providers: { test: { package: '@kusion/testkit', dir: './cloud' } },
        modules: {
          cache: {
            path: 'oci://ghcr.io/kusionstack/cache',
            version: '0.2.0',
            configs: { default: { tier: 'silver' } },
          },
          web: {
            path: 'ghcr.io/kusionstack/web',
            version: '0.1.0',
            configs: { default: { replicas: 2 } },
          },
        },
      }),
    );
    // `web` of Kusion's catalog is @kusion/module-web: install the fixture under that name too.
    await installFixtureModule(project.root, { ...WEB, packageName: '@kusion/module-web' });
    expectExit(await project.run(['workspace', 'create', 'kusion', '-f', file]), 0);
    const generated = await project.run(['generate', '--json']);
    expectExit(generated, 0);
    expect(generated.stdout).toContain('"madeBy": "@kusion/module-cache@0.3.0"');
    expect(generated.stdout).toContain('"tier": "silver"');

    const list = await project.run(['mod', 'list', '--json']);
    expectExit(list, 0);
    expect(list.json<{ modules: unknown[] }>().modules).toEqual([
      expect.objectContaining({
        name: 'cache',
        package: '@kusion/module-cache',
        status: 'installed',
        installedVersion: '0.3.0', // ours, not Kusion's 0.2.0: that one is shown, not checked
        kusion: { path: 'oci://ghcr.io/kusionstack/cache', version: '0.2.0' },
        schemas: {
          app: { properties: ['module', 'size'], required: ['module', 'size'] },
          platform: { properties: ['tier'], required: [] },
        },
      }),
      expect.objectContaining({ name: 'web', package: '@kusion/module-web', status: 'installed' }),
    ]);
    const text = await project.run(['mod', 'list']);
    expect(text.stdout).toContain(
      'Kusion: oci://ghcr.io/kusionstack/cache 0.2.0 (version shown, not checked)',
    );
    expect(text.stdout).toContain('app settings: module*, size*');
  });
});

describe('main.ts', () => {
  it("uses a module package's typed builder, from the project's node_modules, with the CLI's sdk", async () => {
    const project = await moduleProject('shop');
    await rm(project.mainYaml);
    await writeFile(
      join(project.stackDir, 'main.ts'),
      `import { defineStack } from '@kusion/sdk';
import { cache } from '@kusion/module-cache';

export default defineStack({
  apps: {
    shop: {
      workload: { type: 'service', module: 'web', containers: { main: { image: 'shop:2.0' } } },
      accessories: { sessions: cache({ size: 'large' }) },
    },
  },
});
`,
    );
    expectExit(
      await project.run([
        'workspace',
        'create',
        'dev',
        '-f',
        await writeWorkspace(project, 'dev', {}),
      ]),
      0,
    );
    const generated = await project.run(['generate', '--json']);
    expectExit(generated, 0);
    expect(
      generated.json<{ resources: { id: string; attributes: Record<string, unknown> }[] }>()
        .resources,
    ).toContainEqual(
      expect.objectContaining({
        id: 'test:shop-sessions',
        attributes: expect.objectContaining({ size: 'large' }) as unknown,
      }),
    );
  });
});

describe('workspace create refuses what Kusion refuses, at the line', () => {
  it('a project in two patchers, naming both; nothing stored', async () => {
    const project = await moduleProject('shop');
    const file = await writeWorkspace(project, 'dev', {
      web: {
        configs: {
          default: { replicas: 1 },
          small: { replicas: 1, projectSelector: ['blog', 'shop'] },
          big: { replicas: 5, projectSelector: ['shop'] },
        },
      },
    });
    const result = await project.run(['workspace', 'create', 'dev', '-f', file]);
    expectExit(result, 1);
    expect(result.stderr.split('\n')[0]).toMatch(
      /^Error \[CONFIG_INVALID\]: \S*\/workspaces\/dev\.yaml:\d+:\d+: modules\.web\.configs\.big\.projectSelector\[0\]: project "shop" is selected by both patcher "small" and patcher "big": a project may be in at most one patcher of a module; remove it from one of them$/,
    );
    const list = await project.run(['workspace', 'list', '--json']);
    expect(list.json<{ workspaces: string[] }>().workspaces).toEqual(['default']); // only the implicit default workspace
  });

  it("a path that is not Kusion's catalog, saying what to write; a module not installed is only a warning", async () => {
    const project = await moduleProject('shop');
    const bad = await writeWorkspace(project, 'dev', {
      redis: { path: 'oci://ghcr.io/acme/redis', version: '1.0.0' },
    });
    const refused = await project.run(['workspace', 'create', 'dev', '-f', bad, '--json']);
    expectExit(refused, 1);
    expect(expectErrorDocument(refused, 'CONFIG_INVALID').error.message).toMatch(
      /modules\.redis\.path: "oci:\/\/ghcr\.io\/acme\/redis" is not Kusion's catalog .* write `package: <npm package>` instead of path/,
    );

    const later = await writeWorkspace(project, 'dev', {
      mailer: { configs: { default: { fifo: true } } },
    });
    const created = await project.run(['workspace', 'create', 'dev', '-f', later, '--json']);
    expectExit(created, 0);
    expect(created.json<{ warnings: { code: string; message: string }[] }>().warnings).toEqual([
      {
        code: 'MODULE_NOTICE',
        message: expect.stringMatching(
          /^module mailer \(@kusion\/module-mailer or kusion-module-mailer\): not found; .*its platform settings are checked when a stack uses it$/,
        ) as unknown,
      },
    ]);
  });

  it('platform settings the module does not accept', async () => {
    const project = await moduleProject('shop');
    const file = await writeWorkspace(project, 'dev', {
      web: { package: 'kusion-module-web', configs: { default: { replicas: 'many' } } },
    });
    const result = await project.run(['workspace', 'create', 'dev', '-f', file]);
    expectExit(result, 1);
    expect(result.stderr).toMatch(
      /^Error \[CONFIG_INVALID\]: .*dev\.yaml:\d+:\d+: modules\.web\.configs\.default\.replicas: must be an integer, received "many" \(module web\)$/m,
    );
  });
});

describe('app settings', () => {
  it('malformed: one line per problem at main.yaml:line, exit 1, no state change', async () => {
    const project = await moduleProject(
      'shop',
      `apps:
  shop:
    workload:
      type: service
      module: web
      replicas: two
      containers:
        main: { image: "shop:1.0", tty: true }
    accessories:
      cache: { module: cache }
`,
    );
    const file = await writeWorkspace(project, 'dev', {});
    expectExit(await project.run(['workspace', 'create', 'dev', '-f', file]), 0);
    const before = await project.snapshotCloud();
    const result = await project.run(['deploy', '--yes']);
    expectExit(result, 1);
    expect(result.stderr.trimEnd().split('\n')).toEqual([
      'Error [CONFIG_INVALID]: main.yaml:6:7: apps.shop.workload.replicas: must be an integer, received "two" (and 2 more problems)',
      '  main.yaml:8:36: apps.shop.workload.containers.main.tty: unknown property "tty"; allowed: image',
      '  main.yaml:10:7: apps.shop.accessories.cache: missing required property "size"',
    ]);
    expect(await project.snapshotCloud()).toEqual(before);
    expect(
      (await project.run(['release', 'list', '--json'])).json<{ releases: unknown[] }>().releases,
    ).toEqual([]);
  });

  it('a version range the installed package does not meet is refused, naming both', async () => {
    const project = await moduleProject('shop');
    const file = await writeWorkspace(project, 'dev', {
      web: { package: 'kusion-module-web', version: '^2.0.0' },
    });
    const created = await project.run(['workspace', 'create', 'dev', '-f', file, '--json']);
    expectExit(created, 0); // this machine's installation: a warning at create
    const result = await project.run(['preview']);
    expectExit(result, 1);
    expect(result.stderr).toContain(
      'Error [PLUGIN_LOAD_FAILED]: module web (kusion-module-web): version 1.4.0 is installed and the workspace asks for ^2.0.0',
    );
  });
});

describe('kusion init --template', () => {
  it('lists the templates and writes one, with the steps that lead to a deploy', async () => {
    const dir = await mkdtemp(join(installed().projectsDir, 'init-template-'));
    const kusionHome = join(dir, 'kusion-home');
    const list = await runKusion(['init', '--list', '--json'], { cwd: dir, kusionHome });
    expectExit(list, 0);
    expect(list.json<{ templates: { name: string }[] }>().templates.map((t) => t.name)).toEqual([
      'quickstart',
      'service-postgres',
      'raw-resources',
    ]);
    const init = await runKusion(['init', 'shop', '--template', 'quickstart'], {
      cwd: dir,
      kusionHome,
    });
    expectExit(init, 0);
    expect(init.stdout).toContain(`Created project in ${join(dir, 'shop')} (template quickstart):`);
    expect(init.stdout.slice(init.stdout.indexOf('Next:'))).toBe(
      [
        'Next:',
        '  cd shop',
        '  kusion workspace create dev -f workspaces/dev.yaml',
        '  kusion mod schema -o stack.schema.json',
        '  cd dev',
        '  kusion preview --workspace dev',
        '  kusion deploy --workspace dev',
        '',
      ].join('\n'),
    );
    expect(await readFile(join(dir, 'shop', 'dev', 'main.yaml'), 'utf8')).toContain(
      'module: network',
    );
    // The first steps work as printed (the modules come with the catalog: see shop.test.ts).
    const inProject = { cwd: join(dir, 'shop'), kusionHome };
    expectExit(
      await runKusion(['workspace', 'create', 'dev', '-f', 'workspaces/dev.yaml'], inProject),
      0,
    );
    const schema = await runKusion(['mod', 'schema', '-o', 'stack.schema.json'], inProject);
    expectExit(schema, 0);
    expect(
      JSON.parse(await readFile(join(dir, 'shop', 'stack.schema.json'), 'utf8')),
    ).toMatchObject({
      title: 'Kusion stack configuration, with the modules of workspace "dev"',
    });
    const unknown = await runKusion(['init', 'x', '--template', 'lamp'], { cwd: dir, kusionHome });
    expectExit(unknown, 1);
    expect(unknown.stderr).toContain(
      'Error [INVALID_ARGUMENT]: unknown template "lamp": expected one of quickstart, service-postgres, raw-resources',
    );
  });
});
