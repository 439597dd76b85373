/**
 * `kusion rollout` with the testkit provider and three workspaces, each with its own test cloud
 * (`cloud-<workspace>`): waves (a parallel one included), the one plan and its one confirmation, an
 * injected failure that stops before prod, `--rollback-on-failure` returning dev to its previous
 * revision (checked in the cloud's files), the rollout record, and `deploy -W a,b` as a shorthand.
 */
import { existsSync } from 'node:fs';
import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { expectErrorDocument, expectExit } from './support/expectations.ts';
import { createProject } from './support/project.ts';
import type { ScratchProject, TestProviderSettings, TestResource } from './support/project.ts';

interface RolloutDocument {
  status: string;
  rolloutId: string;
  project: string;
  stacks: string[];
  recorded: boolean;
  reason?: string;
  waves: {
    name: string;
    workspaces: string[];
    status: string;
    targets: {
      workspace: string;
      stack: string;
      status: string;
      revision?: number;
      previousRevision?: number;
      rollbackRevision?: number;
      error?: string;
    }[];
  }[];
  summary: { create: number; update: number };
}

const V1: TestResource[] = [
  { id: 'test:db', attributes: { size: 'small' } },
  { id: 'test:app', dependsOn: ['test:db'], attributes: { image: 'web:1' } },
];
const V2: TestResource[] = [
  { id: 'test:db', attributes: { size: 'small' } },
  { id: 'test:app', dependsOn: ['test:db'], attributes: { image: 'web:2' } },
  { id: 'test:cache', attributes: { engine: 'redis' } },
];

async function createWorkspaces(
  project: ScratchProject,
  settings: Readonly<Record<string, TestProviderSettings>>,
): Promise<void> {
  for (const [name, provider] of Object.entries(settings)) {
    const file = await project.writeWorkspaceFile(name, { dir: `./cloud-${name}`, ...provider });
    expectExit(await project.run(['workspace', 'create', name, '-f', file]), 0);
  }
}

/** A workspace's test cloud: every object file by resource id. */
async function cloudOf(
  project: ScratchProject,
  workspace: string,
): Promise<Record<string, unknown>> {
  const dir = join(project.root, `cloud-${workspace}`);
  if (!existsSync(dir)) return {};
  const objects: Record<string, unknown> = {};
  for (const file of (await readdir(dir)).filter((name) => name.endsWith('.json')))
    objects[decodeURIComponent(file.slice(0, -'.json'.length))] = JSON.parse(
      await readFile(join(dir, file), 'utf8'),
    );
  return objects;
}

describe('kusion rollout', () => {
  it('deploys dev, then staging and prod in a parallel wave; one plan, JSON per wave and per workspace, the record', async () => {
    const project = await createProject({ resources: V1 });
    await createWorkspaces(project, {
      dev: {},
      staging: { latencyMs: 100 },
      prod: { latencyMs: 100 },
    });

    // Nobody can answer on a pipe: one plan is shown and nothing applied without --yes.
    const refused = await project.run(['rollout', '--workspaces', 'dev,[staging,prod]']);
    expectExit(refused, 1);
    expect(refused.stdout).toContain('Wave 2/2 (wave-2): staging, prod (in parallel)');
    expect(refused.stdout.match(/Project e2e-app · stack dev · workspace/g)).toHaveLength(3);
    expect(refused.stderr).toContain('CONFIRMATION_REQUIRED');
    expect(await cloudOf(project, 'dev')).toEqual({});

    const result = await project.run(['rollout', '-W', 'dev,[staging,prod]', '--yes', '--json']);
    expectExit(result, 0);
    const document = result.json<RolloutDocument>();
    expect(document).toMatchObject({
      status: 'succeeded',
      project: 'e2e-app',
      stacks: ['dev'],
      recorded: true,
    });
    expect(
      document.waves.map((w) => [
        w.workspaces,
        w.status,
        w.targets.map((t) => [t.workspace, t.status, t.revision]),
      ]),
    ).toEqual([
      [['dev'], 'succeeded', [['dev', 'succeeded', 1]]],
      [
        ['staging', 'prod'],
        'succeeded',
        [
          ['staging', 'succeeded', 1],
          ['prod', 'succeeded', 1],
        ],
      ],
    ]);
    for (const workspace of ['dev', 'staging', 'prod'])
      expect(Object.keys(await cloudOf(project, workspace)).sort()).toEqual([
        'test:app',
        'test:db',
      ]);

    const shown = await project.run(['rollout', 'show', document.rolloutId, '--json']);
    expectExit(shown, 0);
    const details = shown.json<{
      releases: { workspace: string; revision: number; rolloutId: string }[];
    }>();
    expect(details.releases.map((r) => [r.workspace, r.revision, r.rolloutId])).toEqual([
      ['dev', 1, document.rolloutId],
      ['staging', 1, document.rolloutId],
      ['prod', 1, document.rolloutId],
    ]);
    const listed = await project.run(['rollout', 'list']);
    expect(listed.stdout).toContain(document.rolloutId);
    expect(listed.stdout).toContain('dev → [staging, prod]');
  });

  it('stops at a failure in staging before prod, exits 1, and --rollback-on-failure returns dev to its previous revision', async () => {
    const project = await createProject({ resources: V1 });
    await createWorkspaces(project, { dev: {}, staging: { failIds: ['test:cache'] }, prod: {} });
    expectExit(await project.run(['deploy', '-W', 'dev,staging,prod', '--yes']), 0);
    const before = { dev: await cloudOf(project, 'dev'), prod: await cloudOf(project, 'prod') };

    await project.writeResources(V2);
    const result = await project.run([
      'rollout',
      '-W',
      'dev,staging,prod',
      '--yes',
      '--rollback-on-failure',
      '--json',
    ]);
    expectExit(result, 1);
    const document = result.json<RolloutDocument>();
    expect(document.status).toBe('failed');
    expect(document.reason).toContain('stack "dev" failed in workspace "staging"');
    expect(document.waves.map((w) => w.targets[0])).toMatchObject([
      {
        workspace: 'dev',
        status: 'rolled-back',
        revision: 2,
        previousRevision: 1,
        rollbackRevision: 3,
      },
      {
        workspace: 'staging',
        status: 'rolled-back',
        revision: 2,
        error: expect.stringContaining('test:cache'),
      },
      { workspace: 'prod', status: 'skipped' },
    ]);
    // dev's cloud is what revision 1 applied again (same uids); prod was never touched.
    expect(await cloudOf(project, 'dev')).toEqual(before.dev);
    expect(await cloudOf(project, 'prod')).toEqual(before.prod);

    // Without the flag, dev keeps the new version and the text says what happened.
    const plain = await project.run(['rollout', '-W', 'dev,staging,prod', '--yes']);
    expectExit(plain, 1);
    expect(plain.stdout).toContain('Rollout');
    expect(plain.stdout).toContain('failed: 1 failed, 1 deployed, 0 rolled back, 1 not started');
    expect(Object.keys(await cloudOf(project, 'dev')).sort()).toEqual([
      'test:app',
      'test:cache',
      'test:db',
    ]);
  });

  it('refuses a malformed wave list and a missing workspace in one line, with --json', async () => {
    const project = await createProject({ resources: V1 });
    await createWorkspaces(project, { dev: {} });
    const malformed = await project.run(['rollout', '-W', 'dev,[eu', '--json']);
    expectExit(malformed, 1);
    expect(expectErrorDocument(malformed, 'INVALID_ARGUMENT').error.message).toBe(
      'invalid value "dev,[eu" for --workspaces: a "[" without its "]" at character 7',
    );
    const missing = await project.run(['rollout', '-W', 'dev,prod']);
    expectExit(missing, 1);
    expect(missing.stderr).toContain(
      'Error [WORKSPACE_NOT_FOUND]: workspace "prod" does not exist',
    );
  });
});
