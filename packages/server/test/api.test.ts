/**
 * `kusion serve` against a real server on loopback, with the testkit provider on a scratch
 * project: roles, a deploy whose log streams and whose release then appears, a CLI deploy that
 * meanwhile finds the workspace locked (exit 3), and no secret value in any answer or log line.
 */
/* eslint-disable @typescript-eslint/no-unsafe-argument, @typescript-eslint/no-unsafe-call, @typescript-eslint/no-unsafe-return -- assertions on the JSON answers */
import { Validator } from '@seriousme/openapi-schema-validator';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SECRET, startScratchServer } from './support/scratch-server.js';
import type { ScratchServer } from './support/scratch-server.js';

const RELEASES = '/api/workspaces/dev/projects/shop/stacks/dev/releases';

let scratch: ScratchServer;

beforeAll(async () => {
  // Each apply takes 2.5 s: long enough for the CLI to race the server's deploy.
  scratch = await startScratchServer({ latencyMs: 2500 });
});

afterAll(async () => {
  await scratch.close();
});

describe('kusion serve API', () => {
  it('serves a valid OpenAPI document describing every route', async () => {
    const { status, json } = await scratch.api('/api/openapi.json');
    expect(status).toBe(200);
    const validator = new Validator();
    const result = await validator.validate(json);
    expect(result.errors ?? []).toEqual([]);
    expect(result.valid).toBe(true);
    expect(Object.keys(json.paths)).toEqual(
      expect.arrayContaining([
        '/api/projects',
        '/api/workspaces',
        '/api/runs',
        '/api/runs/{id}/events',
        '/api/workspaces/{workspace}/projects/{project}/stacks/{stack}/releases/{from}/diff/{to}',
        '/api/workspaces/{workspace}/projects/{project}/stacks/{stack}/graph',
      ]),
    );
  });

  it('refuses requests without a valid token, saying how to get one', async () => {
    const missing = await scratch.api('/api/workspaces');
    expect(missing.status).toBe(401);
    expect(missing.json.error.code).toBe('UNAUTHORIZED');
    expect(missing.json.error.hint).toContain('kusion serve token create');
    const wrong = await scratch.api('/api/workspaces', { token: 'kusion_not-a-token' });
    expect(wrong.status).toBe(401);
  });

  it('lets a viewer read projects and releases, and refuses its deploy with 403', async () => {
    const projects = await scratch.api('/api/projects', { token: scratch.tokens.viewer });
    expect(projects.json.projects).toEqual([
      expect.objectContaining({ name: 'shop', stacks: [{ name: 'dev', path: 'dev' }] }),
    ]);
    const releases = await scratch.api(RELEASES, { token: scratch.tokens.viewer });
    expect(releases.status).toBe(200);
    expect(releases.json.releases).toEqual([]);
    const deploy = await scratch.api('/api/runs', {
      method: 'POST',
      token: scratch.tokens.viewer,
      body: { kind: 'deploy', project: 'shop', stack: 'dev', workspace: 'dev' },
    });
    expect(deploy.status).toBe(403);
    expect(deploy.json.error).toMatchObject({ code: 'FORBIDDEN' });
    expect(deploy.json.error.message).toContain('viewer');
  });

  it('keeps a deployer limited to its workspaces, and workspace management to admins', async () => {
    const elsewhere = await scratch.api('/api/runs', {
      method: 'POST',
      token: scratch.tokens.devOnly,
      body: { kind: 'preview', project: 'shop', stack: 'dev', workspace: 'prod' },
    });
    expect(elsewhere.status).toBe(403);
    const create = (token: string) =>
      scratch.api('/api/workspaces', {
        method: 'POST',
        token,
        body: { name: 'staging', content: { providers: { test: { package: '@kusion/testkit' } } } },
      });
    expect((await create(scratch.tokens.deployer)).status).toBe(403);
    const created = await create(scratch.tokens.admin);
    expect(created.status).toBe(201);
    expect(created.json.workspace.name).toBe('staging');
    const invalid = await scratch.api('/api/workspaces', {
      method: 'POST',
      token: scratch.tokens.admin,
      body: { name: 'bad', content: { providers: 'not a map' } },
    });
    expect(invalid.status).toBe(400);
    expect(invalid.json.error.code).toBe('CONFIG_INVALID');
    const deleted = await scratch.api('/api/workspaces/staging', {
      method: 'DELETE',
      token: scratch.tokens.admin,
    });
    expect(deleted.status).toBe(204);
  });

  it('runs a preview with the plan as its result', async () => {
    const started = await scratch.api('/api/runs', {
      method: 'POST',
      token: scratch.tokens.deployer,
      body: { kind: 'preview', project: 'shop', stack: 'dev', workspace: 'dev' },
    });
    expect(started.status).toBe(202);
    const { events } = await scratch.events(started.json.id, scratch.tokens.deployer);
    const end = events.at(-1);
    expect(end?.event).toBe('end');
    expect(end?.data.status).toBe('succeeded');
    expect(end?.data.result.summary).toMatchObject({ create: 3 });
    expect(events.some((e) => e.data.code === 'PLAN_READY')).toBe(true);
  });

  it('streams a deploy, records who started it, and makes a CLI deploy meanwhile exit 3', async () => {
    const started = await scratch.api('/api/runs', {
      method: 'POST',
      token: scratch.tokens.deployer,
      body: { kind: 'deploy', project: 'shop', stack: 'dev', workspace: 'dev' },
    });
    expect(started.status).toBe(202);
    expect(started.json).toMatchObject({
      kind: 'deploy',
      status: 'queued',
      startedBy: 'dana-deployer',
    });
    const streaming = scratch.events(started.json.id, scratch.tokens.viewer);

    // Once the server's deploy applies, it holds the workspace's lock.
    await waitFor(
      async () =>
        (await scratch.api(`/api/runs/${started.json.id}`, { token: scratch.tokens.viewer })).json
          .status === 'running',
    );
    await new Promise((r) => setTimeout(r, 400));
    const cli = await scratch.cli(['deploy', '--yes', '-W', 'dev', '--no-typecheck']);
    expect(cli.exitCode, cli.stderr).toBe(3);
    expect(cli.stderr).toMatch(/LOCKED/);

    const { events } = await streaming;
    const codes = events.map((e) => e.data.code ?? e.event);
    expect(codes).toContain('APPLY_START');
    expect(codes.filter((c) => c === 'RESOURCE_DONE')).toHaveLength(3);
    expect(events.map((e) => Number(e.id ?? 0)).filter(Boolean)).toEqual(
      [...Array(events.length - 1).keys()].map((i) => i + 1),
    );
    const end = events.at(-1);
    expect(end?.event).toBe('end');
    expect(end?.data).toMatchObject({ status: 'succeeded', startedBy: 'dana-deployer' });

    const releases = await scratch.api(RELEASES, { token: scratch.tokens.viewer });
    expect(releases.json.releases).toEqual([
      expect.objectContaining({ revision: 1, phase: 'succeeded', user: 'dana-deployer' }),
    ]);
    const overview = await scratch.api('/api/workspaces', { token: scratch.tokens.viewer });
    expect(
      overview.json.workspaces.find((w: { name: string }) => w.name === 'dev').deployments,
    ).toEqual([
      expect.objectContaining({
        project: 'shop',
        stack: 'dev',
        revision: 1,
        user: 'dana-deployer',
      }),
    ]);
  });

  it('shows a release, its resources, its graph and a diff between revisions, masked', async () => {
    const token = scratch.tokens.viewer;
    const release = await scratch.api(`${RELEASES}/1`, { token });
    expect(release.status).toBe(200);
    expect(release.json.release.state.resources).toHaveLength(3);
    const database = release.json.release.state.resources.find(
      (r: { id: string }) => r.id === 'test:database',
    );
    expect(database.attributes.password).toBe('(sensitive)');

    const graph = await scratch.api('/api/workspaces/dev/projects/shop/stacks/dev/graph', {
      token,
    });
    expect(graph.json.edges).toEqual([{ from: 'test:database', to: 'test:app' }]);
    expect(graph.json.nodes.map((n: { status: string }) => n.status)).toEqual([
      'applied',
      'applied',
      'applied',
    ]);

    const resources = await scratch.api('/api/workspaces/dev/projects/shop/stacks/dev/resources', {
      token,
    });
    expect(resources.json.resources).toHaveLength(3);

    const destroy = await scratch.api('/api/runs', {
      method: 'POST',
      token: scratch.tokens.deployer,
      body: { kind: 'destroy', project: 'shop', stack: 'dev', workspace: 'dev' },
    });
    const { events } = await scratch.events(destroy.json.id, token);
    expect(events.at(-1)?.data.status).toBe('succeeded');
    const diff = await scratch.api(`${RELEASES}/1/diff/2`, { token });
    expect(diff.json.resources.map((r: { change: string }) => r.change)).toEqual([
      'removed',
      'removed',
      'removed',
    ]);
    const missing = await scratch.api(`${RELEASES}/9`, { token });
    expect(missing.status).toBe(404);
    expect(missing.json.error.code).toBe('RELEASE_NOT_FOUND');
  });

  it('reports drift per workspace after a drift run', async () => {
    const started = await scratch.api('/api/runs', {
      method: 'POST',
      token: scratch.tokens.deployer,
      body: { kind: 'drift', project: 'shop', stack: 'dev', workspace: 'dev' },
    });
    await scratch.events(started.json.id, scratch.tokens.deployer);
    const drift = await scratch.api('/api/workspaces/dev/projects/shop/stacks/dev/drift', {
      token: scratch.tokens.viewer,
    });
    expect(drift.json).toMatchObject({ status: 'in-sync', runId: started.json.id });
  });

  it('bounds request bodies and validates them', async () => {
    const huge = await scratch.api('/api/workspaces', {
      method: 'POST',
      token: scratch.tokens.admin,
      body: { name: 'big', content: { context: { blob: 'x'.repeat(2 * 1024 * 1024) } } },
    });
    expect(huge.status).toBe(413);
    expect(huge.json.error.code).toBe('PAYLOAD_TOO_LARGE');
    const wrongKind = await scratch.api('/api/runs', {
      method: 'POST',
      token: scratch.tokens.deployer,
      body: { kind: 'explode', project: 'shop', stack: 'dev', workspace: 'dev' },
    });
    expect(wrongKind.status).toBe(400);
    expect(wrongKind.json.error.code).toBe('INVALID_REQUEST');
  });

  it('never sends or logs a secret value', () => {
    expect(scratch.bodies.length).toBeGreaterThan(10);
    expect(scratch.bodies.filter((body) => body.includes('event: end'))).toHaveLength(4);
    for (const body of scratch.bodies) expect(body).not.toContain(SECRET);
    expect(scratch.logLines.length).toBeGreaterThan(10);
    for (const line of scratch.logLines) expect(JSON.stringify(line)).not.toContain(SECRET);
  });
});

async function waitFor(condition: () => Promise<boolean>, timeoutMs = 15_000): Promise<void> {
  const until = Date.now() + timeoutMs;
  while (!(await condition())) {
    if (Date.now() > until) throw new Error('condition not met in time');
    await new Promise((r) => setTimeout(r, 50));
  }
}
