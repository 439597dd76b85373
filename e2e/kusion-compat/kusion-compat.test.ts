/**
 * A KusionStack Kusion user switches without editing a file (issue 13): the packed CLI run on
 * files in Kusion's own formats — a `$KUSION_HOME` Kusion wrote (current workspace, releases 1–3
 * of a project), a workspace file with Kusion's keys, a Kusion Spec, a KCL stack — and with
 * Kusion's command lines (`-o json`, `-d`, `-a`, `--no-style`, `--current`, `--rename`, `config
 * set`, `project create`, `stack create --copy-from`, `resource show/graph`). Deploys go to a real
 * kube-apiserver reached through the kubeconfig Kusion's workspace names (`KUBECONFIG_PATH:
 * $HOME/.kube/config`, with HOME pointing at a folder holding the test cluster's kubeconfig).
 */
import { cp, mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { startKubeApiserver } from '@kusion/test-peers';
import type { KubeApiserverPeer } from '@kusion/test-peers';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createKubeApi } from '../kubernetes/support/kube-api.ts';
import type { KubeApi } from '../kubernetes/support/kube-api.ts';
import { expectErrorDocument, expectExit } from '../test/support/expectations.ts';
import { installed, runKusion } from '../test/support/kusion.ts';
import type { RunOptions, RunResult } from '../test/support/kusion.ts';
import { createProject } from '../test/support/project.ts';

const FIXTURES = fileURLToPath(new URL('./fixtures/', import.meta.url));

let kube: KubeApiserverPeer | undefined;
let api: KubeApi;
/** The user's folders: HOME (with .kube/config), KUSION_HOME (Kusion's), the project. */
let home: string;
let kusionHome: string;
let projectDir: string;
let stackDir: string;

beforeAll(async () => {
  kube = await startKubeApiserver();
  api = createKubeApi(kube);
  const base = await mkdtemp(join(installed().projectsDir, 'kusion-compat-'));
  home = join(base, 'home');
  kusionHome = join(base, 'kusion-home');
  projectDir = join(base, 'compat');
  stackDir = join(projectDir, 'dev');
  await mkdir(join(home, '.kube'), { recursive: true });
  await writeFile(join(home, '.kube', 'config'), await readFile(kube.kubeconfigPath, 'utf8'));
  await cp(join(FIXTURES, 'kusion-home'), kusionHome, { recursive: true });
  await mkdir(stackDir, { recursive: true });
  // Kusion's project and stack files (its `project create` / `stack create` write just these).
  await writeFile(join(projectDir, 'project.yaml'), 'name: compat\n');
  await writeFile(join(stackDir, 'stack.yaml'), '# The stack basic info.\nname: dev\n');
  await cp(join(FIXTURES, 'spec.yaml'), join(stackDir, 'spec.yaml'));
}, 300_000);
afterAll(() => kube?.stop());

function run(args: readonly string[], options: Partial<RunOptions> = {}): Promise<RunResult> {
  return runKusion(args, { cwd: stackDir, kusionHome, env: { HOME: home }, ...options });
}

async function json<T>(args: readonly string[], options?: Partial<RunOptions>): Promise<T> {
  const result = await run(args, options);
  expectExit(result, 0);
  return JSON.parse(result.stdout) as T;
}

interface KusionChanges {
  stepKeys?: string[];
  changeSteps?: Record<string, { id: string; action: string; from?: unknown; to?: unknown }>;
}

describe('a $KUSION_HOME written by Kusion, read in place', () => {
  it("selects Kusion's current workspace, beside the implicit default", async () => {
    const listed = await json<{ workspaces: string[]; current: string }>([
      'workspace',
      'list',
      '--json',
    ]);
    expect(listed).toMatchObject({ workspaces: ['default', 'dev'], current: 'dev' });
    // Kusion's keys, with Kusion's meaning: the kubeconfig of context.KUBECONFIG_PATH.
    const shown = await json<Record<string, unknown>>(['workspace', 'show', '--json']);
    expect(shown).toMatchObject({
      name: 'dev',
      context: { KUBECONFIG_PATH: '$HOME/.kube/config' },
    });
  });

  it('lists the releases 1–3 Kusion recorded', async () => {
    const { releases } = await json<{ releases: { revision: number; phase: string }[] }>([
      'release',
      'list',
      '--json',
    ]);
    expect(releases.map((release) => [release.revision, release.phase])).toEqual([
      [1, 'succeeded'],
      [2, 'succeeded'],
      [3, 'succeeded'],
    ]);
  });

  it("previews with -o json in Kusion's {stepKeys, changeSteps} shape", async () => {
    const result = await run(['preview', '--spec-file', 'spec.yaml', '-o', 'json']);
    expectExit(result, 0);
    const changes = JSON.parse(result.stdout) as KusionChanges;
    expect(Object.keys(changes).sort()).toEqual(['changeSteps', 'stepKeys']);
    expect(changes.stepKeys).toEqual(['v1:Namespace:compat', 'v1:ConfigMap:compat:settings']);
    // Kusion's state says both exist; the cluster has neither: created again.
    expect(changes.changeSteps?.['v1:ConfigMap:compat:settings']).toMatchObject({
      id: 'v1:ConfigMap:compat:settings',
      action: 'Create',
      from: { id: 'v1:ConfigMap:compat:settings', type: 'Kubernetes' },
    });
    expect(result.stderr).not.toMatch(/\{/);
  });

  it("deploys through Kusion's kubeconfig and records revision 4", async () => {
    const result = await run(['apply', '--spec-file', 'spec.yaml', '--yes', '--json']);
    expectExit(result, 0);
    expect(JSON.parse(result.stdout)).toMatchObject({ status: 'succeeded', revision: 4 });
    const live = await api.send('GET', '/api/v1/namespaces/compat/configmaps/settings');
    expect(live.status).toBe(200);
    expect(live.body).toMatchObject({ data: { revision: '4' } });

    const { releases } = await json<{ releases: { revision: number }[] }>([
      'release',
      'list',
      '--json',
    ]);
    expect(releases.map((release) => release.revision)).toEqual([1, 2, 3, 4]);
    // Kusion's files are left as Kusion wrote them; ours sit beside them, in our format.
    const metadata = await readFile(
      join(kusionHome, 'releases', 'compat', 'dev', '.metadata.yml'),
      'utf8',
    );
    expect(metadata).toContain('latestRevision: 3');
    const ours = await readFile(
      join(kusionHome, 'releases', 'compat', 'dev', 'dev', '4.json'),
      'utf8',
    );
    expect(JSON.parse(ours)).toMatchObject({ revision: 4, phase: 'succeeded' });

    const again = await run(['preview', '--spec-file', 'spec.yaml', '-o', 'json']);
    const unchanged = JSON.parse(again.stdout) as KusionChanges;
    expect(Object.values(unchanged.changeSteps ?? {}).map((step) => step.action)).toEqual([
      'UnChanged',
      'UnChanged',
    ]);
  });

  it("shows a release without a stack folder (--project), in Kusion's shape with -o json", async () => {
    const release = await json<Record<string, unknown>>(
      [
        'release',
        'show',
        '--project',
        'compat',
        '--workspace',
        'dev',
        '--revision',
        '2',
        '-o',
        'json',
      ],
      { cwd: home },
    );
    expect(Object.keys(release)).toEqual([
      'project',
      'workspace',
      'revision',
      'stack',
      'spec',
      'state',
      'phase',
      'createTime',
      'modifiedTime',
    ]);
    expect(release).toMatchObject({ project: 'compat', revision: 2, stack: 'dev' });
    expect(release.createTime).toBe('2024-05-11T01:12:30.000Z');
  });

  it('resource show --id and resource graph read the latest releases', async () => {
    const shown = await json<{ spec: { id: string }; state: { attributes: { data: unknown } } }>([
      'resource',
      'show',
      '--id',
      'v1:ConfigMap:compat:settings',
      '-o',
      'json',
    ]);
    expect(shown.spec.id).toBe('v1:ConfigMap:compat:settings');
    expect(shown.state.attributes.data).toEqual({ revision: '4' });

    const graph = await json<{
      Project: string;
      Workspace: string;
      Resources: Record<string, Record<string, { Dependents: string[]; Dependencies: string[] }>>;
    }>(['resource', 'graph', '--project', 'compat', '-o', 'json'], { cwd: home });
    expect(graph).toMatchObject({ Project: 'compat', Workspace: 'dev' });
    expect(graph.Resources.DependencyResources?.['v1:Namespace:compat']?.Dependents).toEqual([
      'v1:ConfigMap:compat:settings',
    ]);
    expect(graph.Resources.OtherResources?.['v1:ConfigMap:compat:settings']?.Dependencies).toEqual([
      'v1:Namespace:compat',
    ]);
    const projects = await json<{ projects: Record<string, string[]> }>([
      'project',
      'list',
      '--all',
      '--json',
    ]);
    expect(projects.projects).toEqual({ compat: ['dev'] });
    expectErrorDocument(
      await run(['resource', 'show', '--id', 'v1:Secret:compat:nope', '--json']),
      'RESOURCE_NOT_FOUND',
    );
  });
});

describe("Kusion's workspace and config commands", () => {
  it("creates a workspace from a file in Kusion's format unchanged, with --current", async () => {
    const file = join(FIXTURES, 'workspaces', 'platform.yaml');
    const created = await json<{ workspace: Record<string, unknown>; current: boolean }>([
      'workspace',
      'create',
      'platform',
      '-f',
      file,
      '--current',
      '--json',
    ]);
    expect(created.current).toBe(true);
    expect(created.workspace).toMatchObject({
      secretStore: { provider: 'aws', region: 'eu-west-1' },
      providers: { kubernetes: { kubeconfig: '/etc/kusion/kubeconfig.yaml' } },
      modules: { postgres: { path: 'oci://ghcr.io/kusionstack/postgres', version: '0.2.0' } },
    });
  });

  it('renames a workspace with --rename; the selection follows', async () => {
    const renamed = await json<{
      workspace: { name: string };
      current: boolean;
      renamedFrom: string;
    }>(['workspace', 'update', 'platform', '--rename', 'platform-eu', '--json']);
    expect(renamed).toMatchObject({
      workspace: { name: 'platform-eu' },
      current: true,
      renamedFrom: 'platform',
    });
    const listed = await json<{ workspaces: string[]; current: string }>([
      'workspace',
      'list',
      '--json',
    ]);
    expect(listed).toMatchObject({
      workspaces: ['default', 'dev', 'platform-eu'],
      current: 'platform-eu',
    });
    expectExit(await run(['workspace', 'switch', 'dev']), 0);
  });

  it("warns, naming both, when our setting and Kusion's context key say the same", async () => {
    const file = join(home, 'both.yaml');
    await writeFile(
      file,
      'providers:\n  kubernetes:\n    kubeconfig: ~/.kube/ours\ncontext:\n  KUBECONFIG_PATH: /etc/theirs\n',
    );
    const result = await run(['workspace', 'create', 'both', '-f', file, '--json']);
    expectExit(result, 0);
    const document = JSON.parse(result.stdout) as { warnings: { code: string; message: string }[] };
    expect(document.warnings).toEqual([
      {
        code: 'WORKSPACE_NOTICE',
        message: `${file}:5: providers.kubernetes.kubeconfig and context.KUBECONFIG_PATH (Kusion's) both set the kubeconfig; using providers.kubernetes.kubeconfig`,
      },
    ]);
  });

  it('config set backends.current; the default backend is the local one', async () => {
    expectExit(await run(['config', 'set', 'backends.current', 'default']), 0);
    const items = await json<{ items: Record<string, unknown> }>(['config', 'list', '--json']);
    expect(items.items).toEqual({ 'backends.current': 'default' });
    expect((await json<{ current: string }>(['workspace', 'list', '--json'])).current).toBe('dev');
    expectExit(
      await run([
        'config',
        'set',
        'backends.team',
        '{"type":"s3","configs":{"bucket":"kusion","accessKeyID":"AKIDEXAMPLE","accessKeySecret":"c0mpat-s3cret"}}',
      ]),
      0,
    );
    const team = await run(['config', 'get', 'backends.team', '--json']);
    expect(team.stdout).not.toContain('c0mpat-s3cret');
    expect(JSON.parse(team.stdout)).toMatchObject({
      value: {
        type: 's3',
        configs: { accessKeySecret: '(sensitive)', accessKeyID: 'AKIDEXAMPLE' },
      },
    });
    expectErrorDocument(
      await run(['config', 'set', 'backend.current', 'x', '--json']),
      'INVALID_ARGUMENT',
    );
    expectExit(await run(['config', 'unset', 'backends.team']), 0);
  });
});

describe("Kusion's project, stack and flags", () => {
  it('project create, then stack create --copy-from', async () => {
    const base = await mkdtemp(join(home, 'projects-'));
    const project = join(base, 'billing');
    expectExit(await run(['project', 'create', '-t', project], { cwd: base }), 0);
    expect(await readFile(join(project, 'project.yaml'), 'utf8')).toBe('name: billing\n');
    expectExit(await run(['stack', 'create', 'dev'], { cwd: project }), 0);
    await writeFile(join(project, 'dev', 'main.yaml'), 'resources: []\n# dev settings\n');
    const copied = await json<{ name: string; files: string[] }>(
      ['stack', 'create', 'prod', '--copy-from', 'dev', '--json'],
      { cwd: project },
    );
    expect(copied.name).toBe('prod');
    expect(await readFile(join(project, 'prod', 'stack.yaml'), 'utf8')).toBe('name: prod\n');
    expect(await readFile(join(project, 'prod', 'main.yaml'), 'utf8')).toContain('# dev settings');
    expectErrorDocument(
      await run(['stack', 'create', 'qa', '--copy-from', 'nope', '--json'], { cwd: project }),
      'INVALID_ARGUMENT',
    );
  });

  it('preview shows details by default; --no-detail hides them, -a lists unchanged, --no-style is plain', async () => {
    const project = await createProject({
      resources: [
        { id: 'test:a', attributes: { size: 1 } },
        { id: 'test:b', attributes: { size: 1 } },
      ],
    });
    await project.createWorkspace('dev');
    expectExit(await project.run(['deploy', '--yes']), 0);
    await project.writeResources([
      { id: 'test:a', attributes: { size: 2 } },
      { id: 'test:b', attributes: { size: 1 } },
    ]);
    const detailed = await project.run(['preview', '--no-style']);
    expectExit(detailed, 0);
    expect(detailed.stdout).toMatch(/size/);
    expect(detailed.stdout).not.toMatch(/test:b/);
    // No escape sequences: an ESC character anywhere would be one.
    expect(detailed.stdout).not.toContain(String.fromCharCode(27));
    const brief = await project.run(['preview', '--no-detail']);
    expect(brief.stdout).toMatch(/test:a/);
    expect(brief.stdout).not.toMatch(/size/);
    const all = await project.run(['preview', '-a', '-d']);
    expect(all.stdout).toMatch(/test:b/);
  });

  it('-D key=value reaches main.ts as ctx.args', async () => {
    const project = await createProject();
    await project.createWorkspace('dev');
    await rm(project.mainYaml);
    await writeFile(
      join(project.stackDir, 'main.ts'),
      'export default (ctx: { stack: string; args: Record<string, string> }) => ({\n  resources: [{ id: `test:${ctx.args.name ?? "none"}`, type: "Test", attributes: { stack: ctx.stack } }],\n});\n',
    );
    const generated = await project.run(['generate', '-D', 'name=web', '--no-typecheck', '--json']);
    expectExit(generated, 0);
    expect(JSON.parse(generated.stdout)).toMatchObject({
      resources: [{ id: 'test:web', type: 'Test', attributes: { stack: 'dev' } }],
    });
    expectErrorDocument(
      await project.run(['generate', '-D', 'name', '--no-typecheck', '--json']),
      'INVALID_ARGUMENT',
    );
  });

  it('a KCL stack gets one line saying KCL is not supported and what to write', async () => {
    const base = await mkdtemp(join(home, 'kcl-'));
    await writeFile(join(base, 'project.yaml'), 'name: shop\n');
    await cp(join(FIXTURES, 'kcl-stack'), join(base, 'dev'), { recursive: true });
    const result = await run(['preview', '-W', 'dev'], { cwd: join(base, 'dev') });
    expectExit(result, 1);
    const [first, ...rest] = result.stderr.trim().split('\n');
    expect(first).toMatch(
      /^Error \[CONFIG_INVALID\]: .*is a KCL stack \(main\.k, kcl\.mod\): KCL stacks are not supported; write the same AppConfiguration in main\.yaml or main\.ts$/,
    );
    expect(rest.join('\n')).toContain('Coming from Kusion: KCL stacks');
  });

  it('version -o json and options', async () => {
    const version = await json<{ releaseVersion: string }>(['version', '-o', 'json']);
    expect(version.releaseVersion).toMatch(/^\d+\.\d+\.\d+/);
    const options = await run(['options']);
    expectExit(options, 0);
    expect(options.stdout).toContain('--[no-]style');
  });
});
