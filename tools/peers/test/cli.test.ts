import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { isProcessAlive, type PeerProcess } from '../src/index.ts';
import { run, runOk } from './helpers.ts';

const cli = fileURLToPath(new URL('../src/cli.ts', import.meta.url));
const peersCli = (args: readonly string[]): Promise<string> =>
  runOk(process.execPath, [cli, ...args]);

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'kusion-peers-cli-test-'));
});
afterAll(async () => {
  // In case a test failed half-way: stop whatever is still recorded.
  for (const peer of ['kube', 'moto'])
    await run(process.execPath, [cli, 'stop', '--state-dir', join(dir, peer)]);
  await rm(dir, { recursive: true, force: true });
});

describe('cli', () => {
  it('starts moto detached, prints its env, refuses a second start and stops it by pid', async () => {
    const stateDir = join(dir, 'moto');
    const started = JSON.parse(await peersCli(['start', 'moto', '--state-dir', stateDir]));
    expect(started).toMatchObject({
      peer: 'moto',
      stateDir,
      endpoint: expect.stringMatching(/^http:\/\/127\.0\.0\.1:/),
    });
    const [moto] = started.processes as PeerProcess[];
    expect(moto && isProcessAlive(moto)).toBe(true);

    const env = await peersCli(['env', '--state-dir', stateDir]);
    expect(env).toContain(`export AWS_ENDPOINT_URL=${started.endpoint}\n`);

    const again = await run(process.execPath, [cli, 'start', 'moto', '--state-dir', stateDir]);
    expect(again.code).toBe(2);
    expect(again.stderr).toContain('already running');

    const stopped = JSON.parse(await peersCli(['stop', '--state-dir', stateDir]));
    expect(stopped).toEqual({ stopped: 'moto', stateDir, pids: [moto?.pid] });
    expect(moto && isProcessAlive(moto)).toBe(false);
    expect(await peersCli(['stop', '--state-dir', stateDir])).toBe('');
  });

  it('starts kube-apiserver with the controller-manager, kubectl uses it, stop ends all three', async () => {
    const stateDir = join(dir, 'kube');
    const started = JSON.parse(
      await peersCli(['start', 'kube-apiserver', '--controller-manager', '--state-dir', stateDir]),
    );
    expect(started).toMatchObject({
      peer: 'kube-apiserver',
      kubeconfig: join(stateDir, 'kubeconfig'),
    });
    const processes = started.processes as PeerProcess[];
    expect(processes.map(({ name }) => name)).toEqual([
      'etcd',
      'kube-apiserver',
      'kube-controller-manager',
    ]);

    const namespaces = await runOk('kubectl', ['get', 'ns', '-o', 'name'], {
      env: { ...process.env, KUBECONFIG: started.kubeconfig },
    });
    expect(namespaces).toContain('namespace/default');

    await peersCli(['stop', '--state-dir', stateDir]);
    expect(processes.filter((recorded) => isProcessAlive(recorded))).toEqual([]);
  });

  it('rejects unknown commands and peers with usage', async () => {
    const result = await run(process.execPath, [cli, 'start', 'mainframe']);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('unknown peer mainframe');
  });
});
