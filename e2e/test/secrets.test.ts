/**
 * "Secrets are never printed and never stored in clear text": a value under
 * `extensions.sensitivePaths` must not appear in any output or anywhere under KUSION_HOME (the
 * simulated cloud, like a real one, holds it).
 */
import { readdir, readFile, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { deployOk, expectExit } from './support/expectations.ts';
import type { RunResult } from './support/kusion.ts';
import { createProjectWithWorkspace } from './support/project.ts';
import type { ScratchProject, TestResource } from './support/project.ts';

const SECRET = 'S3cr3t-e2e-4f1c9a';
const NEW_SECRET = 'N3w-S3cr3t-e2e-77b2';

function database(password: string): TestResource {
  return {
    id: 'test:db',
    attributes: { engine: 'postgres', password },
    extensions: { sensitivePaths: ['password'] },
  };
}

/** Files under KUSION_HOME that contain `text`. */
async function filesContaining(
  project: ScratchProject,
  texts: readonly string[],
): Promise<string[]> {
  const found: string[] = [];
  for (const entry of await readdir(project.kusionHome, { recursive: true, withFileTypes: true })) {
    if (!entry.isFile()) continue;
    const path = join(entry.parentPath, entry.name);
    const content = await readFile(path, 'utf8');
    if (texts.some((text) => content.includes(text))) found.push(path);
  }
  return found;
}

/** Runs each command and collects whatever it prints. */
async function outputsOf(
  project: ScratchProject,
  commands: readonly (readonly string[])[],
): Promise<RunResult[]> {
  const results: RunResult[] = [];
  for (const args of commands) results.push(await project.run(args));
  return results;
}

function expectNotPrinted(results: readonly RunResult[], texts: readonly string[]): void {
  for (const result of results) {
    // Soft: report every command that leaks, not only the first.
    for (const text of texts)
      expect
        .soft(result.stdout + result.stderr, `a secret printed by\n${result.transcript}`)
        .not.toContain(text);
  }
}

describe('secrets', () => {
  it('a sensitive attribute is masked in every output and sealed in the backend', async () => {
    const project = await createProjectWithWorkspace({ resources: [database(SECRET)] });
    const first = await outputsOf(project, [
      ['preview'],
      ['preview', '--json', '--detail'],
      ['deploy', '--yes', '--detail'],
    ]);
    expect(first.map((r) => r.exitCode)).toEqual([0, 0, 0]);
    expect((await project.readResource('test:db')).password).toBe(SECRET); // the cloud has it

    await project.writeResources([database(NEW_SECRET)]);
    const second = await outputsOf(project, [
      ['preview', '--detail'],
      ['preview', '--json'],
      ['deploy', '--yes', '--json'],
      ['drift', '--json'],
      ['release', 'show', '--json'],
      ['release', 'show', '--revision', '1'],
      ['release', 'list', '--json'],
    ]);
    expect(second.map((r) => r.exitCode)).toEqual([0, 0, 0, 0, 0, 0, 0]);
    expectNotPrinted([...first, ...second], [SECRET, NEW_SECRET]);
    expect(await filesContaining(project, [SECRET, NEW_SECRET])).toEqual([]);
  });

  it('a sensitive value passed to another resource through $kusion_path stays secret there too', async () => {
    const app: TestResource = {
      id: 'test:app',
      attributes: { databasePassword: '$kusion_path.test:db.password' },
    };
    const project = await createProjectWithWorkspace({ resources: [database(SECRET), app] });
    await deployOk(project);
    expect((await project.readResource('test:app')).databasePassword).toBe(SECRET); // resolved in the cloud

    await project.writeResources([database(NEW_SECRET), app]);
    const results = await outputsOf(project, [
      ['preview', '--detail'],
      ['preview', '--json'],
      ['deploy', '--yes', '--detail'],
      ['release', 'show', '--json'],
    ]);
    for (const result of results) expectExit(result, 0);
    expect
      .soft(
        await filesContaining(project, [SECRET, NEW_SECRET]),
        'files under KUSION_HOME holding a secret',
      )
      .toEqual([]);
    expectNotPrinted(results, [SECRET, NEW_SECRET]);
  });

  it('generate masks sensitive values on stdout; -o writes them to a file only its owner can read', async () => {
    const project = await createProjectWithWorkspace({ resources: [database(SECRET)] });
    const printed = await outputsOf(project, [['generate'], ['generate', '--json']]);
    for (const result of printed) expectExit(result, 0);
    expectNotPrinted(printed, [SECRET]);
    expect(printed[0]?.stdout).toContain('password: (sensitive)');
    expect(printed[1]?.json()).toMatchObject({
      status: 'succeeded',
      resources: [{ id: 'test:db', attributes: { password: '(sensitive)' } }],
    });

    const file = join(project.root, 'spec.yaml');
    const written = await project.run(['generate', '-o', file]);
    expectExit(written, 0);
    expect(written.stdout + written.stderr).toContain('mode 0600');
    expectNotPrinted([written], [SECRET]);
    expect(await readFile(file, 'utf8')).toContain(SECRET);
    expect((await stat(file)).mode & 0o777).toBe(0o600);
    // The file deploys as it is: --spec-file gets the real value back.
    expectExit(await project.run(['deploy', '--yes', '--spec-file', file]), 0);
    expect((await project.readResource('test:db')).password).toBe(SECRET);
  });

  it('a resolved ref:// value a provider quotes in an error reaches stdout, stderr, --json and --debug only as (sensitive)', async () => {
    const VALUE = 'latency-is-a-secret-93b1';
    const project = await createProjectWithWorkspace({ resources: [database('x')] });
    const file = await project.writeWorkspaceFile(
      'leaky',
      { latencyMs: 'ref://KUSION_E2E_LATENCY' as unknown as number },
      { secretStore: { provider: 'env' } },
    );
    expectExit(await project.run(['workspace', 'create', 'leaky', '-f', file]), 0);
    const env = { KUSION_E2E_LATENCY: VALUE };
    const results = await outputsOf(project, []);
    for (const args of [
      ['preview', '-W', 'leaky'],
      ['preview', '-W', 'leaky', '--json'],
      ['deploy', '-W', 'leaky', '--yes', '--debug'],
      ['deploy', '-W', 'leaky', '--yes', '--json', '--debug'],
    ]) {
      const result = await project.run(args, { env });
      expectExit(result, 1);
      expect(result.stdout + result.stderr, result.transcript).toContain('(sensitive)');
      results.push(result);
    }
    expectNotPrinted(results, [VALUE]);
    expect(results[1]?.json()).toMatchObject({
      status: 'error',
      error: { code: 'PROVIDER_FAILED' },
    });
  });
});
