/** graph, generate + --spec-file, init, and the workspace commands, each from a user's shell. */
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  deployOk,
  expectErrorDocument,
  expectExit,
  previewJson,
  UUID,
} from './support/expectations.ts';
import { installed, runKusion } from './support/kusion.ts';
import { createProject, createProjectWithWorkspace } from './support/project.ts';
import type { TestResource } from './support/project.ts';

/** db ← app ← gateway, with one edge from a reference and one from dependsOn. */
const RESOURCES: readonly TestResource[] = [
  { id: 'test:db', attributes: { engine: 'postgres' } },
  { id: 'test:app', attributes: { databaseId: '$kusion_path.test:db.uid' } },
  { id: 'test:gateway', dependsOn: ['test:app'], attributes: { host: 'example.test' } },
];

describe('graph', () => {
  it('--format json lists the nodes and the edges from references and dependsOn', async () => {
    const project = await createProjectWithWorkspace({ resources: RESOURCES });
    const result = await project.run(['graph', '--format', 'json']);
    expectExit(result, 0);
    const graph = result.json<{
      nodes: { id: string; type: string }[];
      edges: { from: string; to: string }[];
    }>();
    expect(graph.nodes.map((n) => n.id).sort()).toEqual(['test:app', 'test:db', 'test:gateway']);
    expect(graph.nodes.every((n) => n.type === 'Test')).toBe(true);
    expect(graph.edges.map((e) => `${e.from} -> ${e.to}`).sort()).toEqual([
      'test:app -> test:gateway',
      'test:db -> test:app',
    ]);
    // --json prints the same document, in the envelope every command shares.
    expect((await project.run(['graph', '--json'])).json()).toEqual({
      status: 'succeeded',
      ...graph,
      warnings: [],
    });
  });

  it('--format dot is a digraph with one edge per dependency', async () => {
    const project = await createProjectWithWorkspace({ resources: RESOURCES });
    const result = await project.run(['graph', '--format', 'dot']);
    expectExit(result, 0);
    expect(result.stdout).toMatch(/^digraph \w+ \{/);
    expect(result.stdout.trimEnd()).toMatch(/\}$/);
    expect(result.stdout).toContain('"test:db" -> "test:app"');
    expect(result.stdout).toContain('"test:app" -> "test:gateway"');
    expect(result.stdout.match(/->/g)).toHaveLength(2);
  });

  it('--format mermaid is a flowchart with one edge per dependency', async () => {
    const project = await createProjectWithWorkspace({ resources: RESOURCES });
    const result = await project.run(['graph', '--format', 'mermaid']);
    expectExit(result, 0);
    expect(result.stdout).toMatch(/^(flowchart|graph) (LR|TD|TB)/);
    // Nodes get short names; labels carry the ids.
    const nameOf = new Map(
      [...result.stdout.matchAll(/^\s*(\w+)\["([^"]+)"\]/gm)].map((m) => [m[2], m[1]]),
    );
    expect([...nameOf.keys()].sort()).toEqual(['test:app', 'test:db', 'test:gateway']);
    expect(result.stdout).toContain(`${nameOf.get('test:db')} --> ${nameOf.get('test:app')}`);
    expect(result.stdout).toContain(`${nameOf.get('test:app')} --> ${nameOf.get('test:gateway')}`);
  });

  it('names the resources of a cycle', async () => {
    const project = await createProjectWithWorkspace({
      resources: [
        { id: 'test:a', attributes: { b: '$kusion_path.test:b.uid' } },
        { id: 'test:b', dependsOn: ['test:a'], attributes: {} },
      ],
    });
    const result = await project.run(['graph']);
    expectExit(result, 1);
    expect(result.stderr).toMatch(/^Error \[[A-Z_]+\]: .*cycle/im);
    expect(result.stderr).toContain('test:a');
    expect(result.stderr).toContain('test:b');
  });
});

describe('generate and --spec-file', () => {
  it('generate prints the Spec; deploy --spec-file accepts it; the stack then has nothing to change', async () => {
    const project = await createProjectWithWorkspace({ resources: RESOURCES });
    const json = await project.run(['generate', '--json']);
    expectExit(json, 0);
    const spec = json.json<{ resources: { id: string; type: string }[] }>();
    expect(spec.resources.map((r) => [r.id, r.type])).toEqual(RESOURCES.map((r) => [r.id, 'Test']));

    // stdout YAML, redirected to a file as a user would, and -o.
    const yaml = await project.run(['generate']);
    expectExit(yaml, 0);
    expect(yaml.stdout).toMatch(/^resources:/);
    const specFile = join(project.root, 'spec.yaml');
    expectExit(await project.run(['generate', '-o', specFile]), 0);
    expect(await readFile(specFile, 'utf8')).toBe(`${yaml.stdout.trimEnd()}\n`);

    const deployed = await deployOk(project, ['--spec-file', specFile]);
    expect(deployed.summary.create).toBe(3);
    expect((await project.readResource('test:app')).databaseId).toBe(
      (await project.readResource('test:db')).uid,
    );
    expectExit(await project.run(['preview', '--exit-code']), 0);
  });

  it('--spec-file also takes the JSON form, and preview --spec-file plans from it', async () => {
    const project = await createProjectWithWorkspace({ resources: RESOURCES });
    const specFile = join(project.root, 'spec.json');
    expectExit(await project.run(['generate', '-o', specFile]), 0);
    const plan = await previewJson(project, ['--spec-file', specFile]);
    expect(plan.summary.create).toBe(3);
    expect((await deployOk(project, ['--spec-file', specFile])).summary.create).toBe(3);
  });
});

describe('a stack written in TypeScript', () => {
  const MAIN_TS = [
    "import { defineStack } from '@kusion/sdk';",
    '',
    "const database = { id: 'test:db', type: 'Test', attributes: { engine: 'postgres' } };",
    'export default defineStack({',
    "  resources: [database, { id: 'test:app', type: 'Test', attributes: { databaseId: '$kusion_path.test:db.uid' } }],",
    '});',
    '',
  ].join('\n');

  it('main.ts with defineStack from @kusion/sdk deploys like main.yaml', async () => {
    const project = await createProjectWithWorkspace({ hasNodeModules: true });
    await rm(project.mainYaml);
    await writeFile(join(project.stackDir, 'main.ts'), MAIN_TS);
    const document = await deployOk(project);
    expect(document.summary.create).toBe(2);
    expect((await project.readResource('test:app')).databaseId).toBe(
      (await project.readResource('test:db')).uid,
    );
    expectExit(await project.run(['preview', '--exit-code']), 0);
  });

  it('a syntax error in main.ts names main.ts:<line>, exit 1, no stack trace', async () => {
    const project = await createProjectWithWorkspace({ hasNodeModules: true });
    await rm(project.mainYaml);
    await writeFile(
      join(project.stackDir, 'main.ts'),
      MAIN_TS.replace("'postgres' } };", "'postgres' };"),
    );
    const result = await project.run(['preview']);
    expectExit(result, 1);
    expect(result.stderr).toMatch(/^Error \[CONFIG_INVALID\]: main\.ts:3/m);
    expect(result.stderr).not.toMatch(/^\s{4}at /m);
  });

  it('a type error in main.ts stops preview and deploy with main.ts:line:col; --no-typecheck lets it through', async () => {
    const project = await createProjectWithWorkspace({ hasNodeModules: true });
    await rm(project.mainYaml);
    await writeFile(
      join(project.stackDir, 'main.ts'),
      MAIN_TS.replace(
        "attributes: { engine: 'postgres' } }",
        "attributes: { engine: 'postgres' }, dependsOn: 'test:app' }",
      ),
    );
    for (const command of [['preview'], ['deploy', '--yes']]) {
      const result = await project.run(command);
      expectExit(result, 1);
      expect(result.stderr).toMatch(/^Error \[CONFIG_INVALID\]: main\.ts:\d+:\d+: TS2\d+: /m);
      expect(result.stderr).toMatch(/^Hint: .*--no-typecheck/m);
    }
    expect((await project.cloud()).size).toBe(0);
    // Past the type check, the configuration itself is still validated: dependsOn must be a list.
    const skipped = await project.run(['preview', '--no-typecheck']);
    expect(skipped.stderr).not.toMatch(/TS\d+/);
  });

  it('refuses a stack with both main.yaml and main.ts', async () => {
    const project = await createProjectWithWorkspace({
      hasNodeModules: true,
      resources: RESOURCES,
    });
    await writeFile(join(project.stackDir, 'main.ts'), MAIN_TS);
    const result = await project.run(['preview']);
    expectExit(result, 1);
    expect(result.stderr).toMatch(/main\.yaml and main\.ts/);
  });
});

describe('init', () => {
  it('scaffolds a project whose workspace uses @kusion/testkit, and it deploys', async () => {
    const dir = await mkdtemp(join(installed().projectsDir, 'init-'));
    const kusionHome = join(dir, 'kusion-home');
    const init = await runKusion(['init', 'my-app'], { cwd: dir, kusionHome });
    expectExit(init, 0);
    const root = join(dir, 'my-app');
    const workspaceFile = await readFile(join(root, 'workspaces', 'dev.yaml'), 'utf8');
    expect(workspaceFile).toContain('@kusion/testkit');

    const inProject = { cwd: root, kusionHome };
    expectExit(
      await runKusion(['workspace', 'create', 'dev', '-f', 'workspaces/dev.yaml'], inProject),
      0,
    );
    const stack = { cwd: join(root, 'dev'), kusionHome };
    const preview = await runKusion(['preview', '--json'], stack);
    expectExit(preview, 0);
    expect(preview.json<{ project: string; summary: { create: number } }>()).toMatchObject({
      project: 'my-app',
      stack: 'dev',
    });

    const deploy = await runKusion(['deploy', '--yes', '--json'], stack);
    expectExit(deploy, 0);
    expect(deploy.json()).toMatchObject({ status: 'succeeded', revision: 1 });
    expectExit(await runKusion(['preview', '--exit-code'], stack), 0);
    // --workdir from the project folder reaches the same stack.
    expectExit(await runKusion(['preview', '--exit-code', '--workdir', 'dev'], inProject), 0);

    // Refuses to overwrite, with a hint.
    const again = await runKusion(['init', 'my-app'], { cwd: dir, kusionHome });
    expectExit(again, 1);
    expect(again.stderr).toMatch(/^Hint: .*--force/m);
  });
});

describe('workspace commands', () => {
  it('create, list, show, switch, update, delete', async () => {
    const project = await createProject({ resources: RESOURCES });
    const list = async (): Promise<{ workspaces: string[]; current: string | null }> => {
      const result = await project.run(['workspace', 'list', '--json']);
      expectExit(result, 0);
      return result.json();
    };
    // Every backend has an implicit, empty `default` workspace, current until another is chosen.
    expect(await list()).toEqual({
      status: 'succeeded',
      workspaces: ['default'],
      current: 'default',
      warnings: [],
    });

    await project.createWorkspace('dev');
    await project.createWorkspace('staging', { dir: './staging-cloud', latencyMs: 5 });
    expect(await list()).toMatchObject({
      workspaces: ['default', 'dev', 'staging'],
      current: 'dev',
    });
    const plainList = await project.run(['workspace', 'list']);
    expect(plainList.stdout).toMatch(/^\* dev$/m);

    const shown = await project.run(['workspace', 'show', 'staging', '--json']);
    expectExit(shown, 0);
    expect(shown.json()).toMatchObject({
      name: 'staging',
      providers: { test: { package: '@kusion/testkit', latencyMs: 5 } },
    });
    const current = await project.run(['workspace', 'show', '--json']);
    expect(current.json()).toMatchObject({ name: 'dev' });

    expectExit(await project.run(['workspace', 'switch', 'staging']), 0);
    expect((await list()).current).toBe('staging');
    // Commands now use staging by default.
    expect((await previewJson(project)).workspace).toBe('staging');

    const updatedFile = await project.writeWorkspaceFile('staging-v2', {
      dir: './staging-cloud',
      latencyMs: 7,
    });
    const update = await project.run([
      'workspace',
      'update',
      'staging',
      '-f',
      updatedFile,
      '--json',
    ]);
    expectExit(update, 0);
    expect((await project.run(['workspace', 'show', 'staging', '--json'])).json()).toMatchObject({
      providers: { test: { latencyMs: 7 } },
    });

    // Releases are per workspace.
    await deployOk(project, ['-W', 'dev']);
    expect((await previewJson(project, ['-W', 'staging'])).summary.create).toBe(3);
    expect((await previewJson(project, ['-W', 'dev'])).summary.unchanged).toBe(3);

    expectExit(await project.run(['workspace', 'switch', 'dev']), 0);
    const deleted = await project.run(['workspace', 'delete', 'staging', '--json']);
    expectExit(deleted, 0);
    expect(await list()).toMatchObject({ workspaces: ['default', 'dev'], current: 'dev' });
    expectErrorDocument(
      await project.run(['workspace', 'show', 'staging', '--json']),
      'WORKSPACE_NOT_FOUND',
    );
  });

  it('refuses to create a workspace twice, or from a missing file', async () => {
    const project = await createProjectWithWorkspace({ resources: RESOURCES });
    const twice = await project.run([
      'workspace',
      'create',
      'dev',
      '-f',
      await project.writeWorkspaceFile('dev'),
    ]);
    expectExit(twice, 1);
    expect(twice.stderr).toMatch(/^Error \[[A-Z_]+\]: .*dev/m);
    const missing = await project.run(['workspace', 'create', 'other', '-f', 'nowhere.yaml']);
    expectExit(missing, 1);
    expect(missing.stderr).toMatch(/^Error \[[A-Z_]+\]: .*nowhere\.yaml/m);
  });

  it('an absolute provider dir works from any folder', async () => {
    const project = await createProjectWithWorkspace({
      resources: RESOURCES,
      isCloudDirAbsolute: true,
    });
    await deployOk(project);
    expect((await project.readResource('test:db')).uid).toMatch(UUID);
  });
});
