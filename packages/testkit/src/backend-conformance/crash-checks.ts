/**
 * A writer killed with SIGKILL in the middle of writing leaves data every other process can read:
 * the release whole (old or new, never torn), every journal entry whose append had resolved, in
 * order, and nothing that stops the next run from folding the journal in.
 */
import type { ChildProcessWithoutNullStreams } from 'node:child_process';
import { expect } from 'vitest';
import { sampleRelease, sampleResource, sampleScope, sampleWriter } from './samples.js';
import type { BackendConformanceCheck } from './types.js';

const scope = sampleScope;

/** Resolves with the number the child last acknowledged once it reaches `count`; then kills it. */
function killAfter(child: ChildProcessWithoutNullStreams, count: number): Promise<number> {
  return new Promise((resolve, reject) => {
    let output = '';
    let errors = '';
    child.stderr.on('data', (chunk: Buffer) => (errors += chunk.toString()));
    child.stdout.on('data', (chunk: Buffer) => {
      output += chunk.toString();
      const last = [...output.matchAll(/acked (\d+)\n/g)].at(-1);
      if (last && Number(last[1]) >= count) {
        // Somewhere inside the next write: a random moment, not a quiet one.
        setTimeout(() => child.kill('SIGKILL'), Math.random() * 15);
        resolve(Number(last[1]));
      }
    });
    child.on('exit', (code, signal) => {
      if (signal !== 'SIGKILL') {
        reject(
          new Error(
            `the writer exited (${String(code ?? signal)}) before it was killed: ${errors}`,
          ),
        );
      }
    });
  });
}

export const crashChecks: readonly BackendConformanceCheck[] = [
  {
    name: 'crash-mid-write',
    title:
      'a writer killed with SIGKILL mid-write leaves readable data: every acknowledged entry, in order, a whole release, and a journal the next run folds',
    needsChildProcess: true,
    async run(target) {
      if (!target.startChild) throw new Error('this check needs the childProcess option');
      const backend = await target.open();
      const writer = await sampleWriter(backend);
      await backend.releases.create(
        sampleRelease(1, [sampleResource('base')], { phase: 'applying' }),
        writer.write,
      );
      // Entries and releases large enough that a kill lands inside a write, not between two.
      const child = target.startChild(`
        const scope = ${JSON.stringify(scope)};
        const write = { fence: ${JSON.stringify(writer.fence)} };
        const payload = 'x'.repeat(40_000);
        const journal = await backend.releases.openJournal(scope, 1, write);
        const resources = [{ id: 'base', type: 'Test', attributes: { version: 1 } }];
        for (let index = 0; ; index++) {
          const resource = { id: 'r' + index, type: 'Test', attributes: { index, payload } };
          await journal.append({ op: 'put', resource });
          resources.push(resource);
          if (index % 4 === 3) {
            const release = ${JSON.stringify(sampleRelease(1))};
            await backend.releases.update(
              { ...release, phase: 'applying', state: { resources }, spec: { resources } },
              write,
            );
          }
          process.stdout.write('acked ' + index + '\\n');
        }`);
      const acknowledged = await killAfter(child, 12 + Math.floor(Math.random() * 12));
      await new Promise((resolve) => {
        if (child.exitCode !== null || child.signalCode !== null) resolve(undefined);
        else child.once('exit', resolve);
      });

      const reader = (await target.open()).releases;
      const recovered = await reader.get(scope, 1);
      const ids = recovered?.state.resources.map((resource) => resource.id) ?? [];
      expect(ids[0]).toBe('base');
      // Every acknowledged entry, in order; at most the writes in flight beyond it.
      expect(ids.slice(1, acknowledged + 2)).toEqual(
        Array.from({ length: acknowledged + 1 }, (_, index) => `r${index}`),
      );
      expect(ids.slice(1)).toEqual(Array.from({ length: ids.length - 1 }, (_, i) => `r${i}`));
      expect((await reader.list(scope))[0]?.resourceCount).toBe(ids.length);
      expect((await reader.latest(scope))?.revision).toBe(1);

      // The next run (here: the same lock, as a takeover would give) folds it all in.
      const next = (await target.open()).releases;
      const latest = await next.latest(scope);
      if (!latest) throw new Error('the release vanished');
      await next.update({ ...latest, phase: 'failed' }, writer.write);
      const folded = await (await target.open()).releases.get(scope, 1);
      expect(folded?.phase).toBe('failed');
      expect(folded?.state.resources.map((resource) => resource.id)).toEqual(ids);
      const journal = await next.openJournal(scope, 1, writer.write);
      await journal.append({ op: 'delete', id: 'base' });
      await journal.close();
      expect((await next.get(scope, 1))?.state.resources.map((r) => r.id)).toEqual(ids.slice(1));
    },
  },
];
