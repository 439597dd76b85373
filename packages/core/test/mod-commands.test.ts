/** `mod list`, `mod schema` and `init --template`, through the engine's API. */
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { testProvider } from '@kusion/testkit';
import { Ajv } from 'ajv';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { stringify } from 'yaml';
import {
  initProject,
  listModules,
  listTemplates,
  moduleSchema,
  updateWorkspace,
} from '../src/index.js';
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

async function useWorkspace(modules: Record<string, unknown>): Promise<void> {
  await writeFile(join(project.dir, 'workspace.yaml'), stringify({ modules }));
  await updateWorkspace({
    ...project.options({ plugins }),
    name: 'dev',
    file: join(project.dir, 'workspace.yaml'),
  });
}

describe('mod list', () => {
  it('lists what the workspace configures: package, installed version, Kusion path, schemas, patchers', async () => {
    await installModulePackage(project.dir, '@kusion/module-mysql', 'mysql', '0.3.1');
    await useWorkspace({
      web: {
        configs: { default: { replicas: 2 }, busy: { replicas: 5, projectSelector: ['shop'] } },
      },
      mysql: { path: 'oci://ghcr.io/kusionstack/mysql', version: '0.2.0' },
      mailer: { configs: { default: { fifo: true } } },
    });
    const list = await listModules(project.options({ plugins }));
    expect(list.workspace).toBe('dev');
    expect(list.modules).toEqual([
      {
        name: 'mailer',
        package: '@kusion/module-mailer or kusion-module-mailer',
        status: 'not installed',
        problem: expect.stringContaining('not found') as unknown,
        schemas: {},
        configs: { default: ['fifo'], patchers: [] },
      },
      {
        name: 'mysql',
        package: '@kusion/module-mysql',
        status: 'installed',
        installedVersion: '0.3.1',
        kusion: { path: 'oci://ghcr.io/kusionstack/mysql', version: '0.2.0' },
        schemas: { platform: { properties: ['size'], required: [] } },
        configs: { default: [], patchers: [] },
      },
      {
        name: 'web',
        package: '(a plugin the caller applied)',
        status: 'installed',
        installedVersion: '1.0.0',
        schemas: {
          app: { properties: ['containers', 'replicas'], required: ['containers'] },
          platform: { properties: ['replicas', 'tier'], required: [] },
        },
        configs: { default: ['replicas'], patchers: [{ name: 'busy', projects: ['shop'] }] },
      },
    ]);
  });
});

describe('mod schema', () => {
  it("composes the stack schema with the modules' app settings, self-contained, for editors", async () => {
    await useWorkspace({ database: { configs: { default: { type: 'local' } } } });
    await writeFile(
      join(project.dir, 'dev', 'main.yaml'),
      'apps:\n  shop:\n    workload: { type: service, module: web, containers: { main: { image: a } } }\n',
    );
    const result = await moduleSchema(project.options({ plugins }));
    // The workload types' own modules (service, job) resolve too where the catalog is installed.
    expect(result.modules).toEqual(expect.arrayContaining(['database', 'web']));
    const ajv = new Ajv({ allErrors: true, strict: false });
    const validate = ajv.compile(result.schema);
    const good = {
      apps: {
        shop: {
          workload: { type: 'service', module: 'web', containers: { main: { image: 'shop:1' } } },
          accessories: { db: { module: 'database', engine: 'postgres' } },
        },
      },
      resources: [{ id: 'a', type: 'Test', attributes: {} }],
    };
    expect(validate(good), JSON.stringify(validate.errors)).toBe(true);
    const bad = {
      apps: {
        shop: {
          workload: {
            type: 'service',
            module: 'web',
            containers: { main: { image: 'shop:1', tty: true } },
          },
          accessories: { db: { module: 'database', engine: 'oracle' } },
        },
      },
    };
    expect(validate(bad)).toBe(false);
    const paths = (validate.errors ?? []).map((e) => e.instancePath);
    expect(paths).toContain('/apps/shop/accessories/db/engine');
    expect(paths).toContain('/apps/shop/workload/containers/main');
    expect(JSON.stringify(result.schema)).not.toContain('spec.schema.json');
  });
});

describe('init --template', () => {
  let dir: string;
  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'kusion-init-'));
  });
  afterEach(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('lists quickstart, service-postgres and raw-resources (the default)', () => {
    expect(listTemplates().map((t) => `${t.name}${t.isDefault ? ' (default)' : ''}`)).toEqual([
      'quickstart',
      'service-postgres',
      'raw-resources (default)',
    ]);
  });

  it('writes an app with modules and the steps to deploy it, secrets set up first', async () => {
    const result = await initProject({ dir: join(dir, 'shop'), template: 'service-postgres' });
    expect(result.files).toEqual([
      'project.yaml',
      'dev/stack.yaml',
      'dev/main.yaml',
      'workspaces/dev.yaml',
    ]);
    expect(await readFile(join(dir, 'shop', 'dev', 'main.yaml'), 'utf8')).toContain(
      'module: postgres',
    );
    expect(result.next).toEqual([
      `cd ${join(dir, 'shop')}`,
      'export KUSION_DB_PASSWORD_SEED="$(openssl rand -base64 32)"',
      'kusion workspace create dev -f workspaces/dev.yaml',
      'kusion mod schema -o stack.schema.json',
      'cd dev',
      'kusion preview --workspace dev',
      'kusion deploy --workspace dev',
    ]);
    await expect(initProject({ dir: join(dir, 'x'), template: 'lamp' })).rejects.toThrow(
      'unknown template "lamp": expected one of quickstart, service-postgres, raw-resources',
    );
  });
});
