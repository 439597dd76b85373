import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { answers } from '../src/http.ts';
import { getFreePort, isProcessAlive, startProcessPeer } from '../src/index.ts';
import { run } from './helpers.ts';

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'kusion-process-peer-test-'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

/** A tiny HTTP server in a child Node process; `ignoreTerm` makes it survive SIGTERM. */
function nodeServerScript(port: number, { ignoreTerm = false } = {}): string {
  return [
    ignoreTerm ? "process.on('SIGTERM', () => console.log('ignoring SIGTERM'));" : '',
    "console.log('starting');",
    `require('node:http').createServer((_q, s) => s.end('ok')).listen(${port}, '127.0.0.1');`,
  ].join('\n');
}

/**
 * A Node program that starts an HTTP server as an attached peer, prints the peer's pid, then runs
 * `tail` (stay alive, or exit).
 */
async function peerHostScript(logName: string, tail: string): Promise<string> {
  const port = await getFreePort();
  return `
    import { startProcessPeer } from ${JSON.stringify(new URL('../src/index.ts', import.meta.url).href)};
    import { answers } from ${JSON.stringify(new URL('../src/http.ts', import.meta.url).href)};
    const peer = await startProcessPeer({
      name: 'orphan-candidate',
      command: process.execPath,
      args: ['-e', ${JSON.stringify(nodeServerScript(port))}],
      logFile: ${JSON.stringify(join(dir, logName))},
      isReady: () => answers('http://127.0.0.1:${port}/'),
    });
    // not console.log: with FORCE_COLOR (nx sets it) Node colours a logged number
    process.stdout.write(String(peer.pid) + '\\n');
    ${tail}
  `;
}

describe('startProcessPeer', () => {
  it('resolves once the probe passes and stop() ends the process', async () => {
    const port = await getFreePort();
    const peer = await startProcessPeer({
      name: 'http',
      command: process.execPath,
      args: ['-e', nodeServerScript(port)],
      logFile: join(dir, 'ok.log'),
      isReady: () => answers(`http://127.0.0.1:${port}/`),
    });
    expect(isProcessAlive(peer)).toBe(true);
    expect(await answers(`http://127.0.0.1:${port}/`)).toBe(true);
    expect(await readFile(peer.logFile, 'utf8')).toContain('starting');
    await peer.stop();
    expect(peer.hasExited()).toBe(true);
    expect(isProcessAlive(peer)).toBe(false);
    await peer.stop(); // idempotent
  });

  it('SIGKILLs a process that ignores SIGTERM after the stop timeout', async () => {
    const port = await getFreePort();
    const peer = await startProcessPeer({
      name: 'stubborn',
      command: process.execPath,
      args: ['-e', nodeServerScript(port, { ignoreTerm: true })],
      logFile: join(dir, 'stubborn.log'),
      isReady: () => answers(`http://127.0.0.1:${port}/`),
      stopTimeoutMs: 300,
    });
    const start = performance.now();
    await peer.stop();
    expect(performance.now() - start).toBeGreaterThanOrEqual(290);
    expect(isProcessAlive(peer)).toBe(false);
    expect(await readFile(peer.logFile, 'utf8')).toContain('ignoring SIGTERM');
  });

  it('rejects with the log tail when the process exits before it is ready', async () => {
    const lines = Array.from({ length: 60 }, (_, index) => `console.log('line ${index}');`).join(
      '',
    );
    const failing = startProcessPeer({
      name: 'crasher',
      command: process.execPath,
      args: ['-e', `${lines} process.exit(3)`],
      logFile: join(dir, 'crasher.log'),
      isReady: () => Promise.resolve(false),
    });
    await expect(failing).rejects.toThrow(
      /crasher \(pid \d+\) exited with exit code 3 before it was ready/,
    );
    const message = await failing.then(
      () => 'started',
      (error: unknown) => String(error),
    );
    expect(message).toContain('line 59');
    expect(message).toContain('line 20');
    expect(message).not.toContain('line 19\n');
  });

  it('stops the process and rejects with the log tail when readiness times out', async () => {
    const failing = startProcessPeer({
      name: 'sleeper',
      command: process.execPath,
      args: ['-e', "console.log('never ready'); setInterval(() => {}, 1000)"],
      logFile: join(dir, 'sleeper.log'),
      isReady: () => Promise.resolve(false),
      readyTimeoutMs: 500,
    });
    const message = await failing.then(
      () => 'started',
      (error: unknown) => String(error),
    );
    expect(message).toMatch(/sleeper \(pid (\d+)\) was not ready within 0.5 s and was stopped/);
    expect(message).toContain('never ready');
    const pid = Number(/pid (\d+)/.exec(message)?.[1]);
    expect(isProcessAlive({ pid })).toBe(false);
  });

  it('rejects clearly when the command does not exist', async () => {
    await expect(
      startProcessPeer({
        name: 'ghost',
        command: join(dir, 'no-such-binary'),
        args: [],
        logFile: join(dir, 'ghost.log'),
        isReady: () => Promise.resolve(true),
      }),
    ).rejects.toThrow(/ghost: cannot start .*no-such-binary: spawn .* ENOENT/);
  });

  it('kills attached peers when the Node process that started them dies of SIGTERM', async () => {
    const script = await peerHostScript('orphan-signal.log', 'setInterval(() => {}, 1000);');
    const host = spawn(process.execPath, ['--input-type=module', '-e', script], {
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    const [line] = (await once(createInterface({ input: host.stdout }), 'line')) as [string];
    const pid = Number(line);
    expect(isProcessAlive({ pid })).toBe(true);
    const exited = once(host, 'exit');
    host.kill('SIGTERM');
    const [code, signal] = (await exited) as [number | null, NodeJS.Signals | null];
    expect({ code, signal }).toEqual({ code: null, signal: 'SIGTERM' }); // still dies of the signal
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect(isProcessAlive({ pid })).toBe(false);
  });

  it('kills attached peers when the Node process that started them exits', async () => {
    const script = await peerHostScript('orphan.log', 'process.exit(0);');
    const result = await run(process.execPath, ['--input-type=module', '-e', script]);
    expect(result.stderr).not.toMatch(/Error/);
    const pid = Number(result.stdout.trim());
    expect(pid).toBeGreaterThan(0);
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect(isProcessAlive({ pid })).toBe(false);
  });
});
