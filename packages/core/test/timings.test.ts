/** "Why slow": every deploy records where its time went, per phase, per resource and per provider. */
import { afterEach, describe, expect, it } from 'vitest';
import { deploy, showRelease } from '../src/index.js';
import { createScratchProject, test } from './scratch-project.js';
import type { ScratchProject } from './scratch-project.js';

let project: ScratchProject;
afterEach(async () => {
  await project.cleanup();
});

describe('run timings', () => {
  it('name the phases, the slowest resources, and per provider its calls, retries and readiness waits', async () => {
    project = await createScratchProject({
      test: { latencyMs: 30, readyAfterMs: 40, transientFailRate: 0.5, seed: 1 },
    });
    await project.writeResources([
      test('slow', { x: 1 }),
      test('quick', { y: 2 }, { dependsOn: ['slow'] }),
    ]);
    const result = await deploy(project.options());
    expect(result.status).toBe('succeeded');
    const { timings } = result;
    if (!timings) throw new Error('a deploy that applied something carries timings');
    expect(Object.keys(timings.phases)).toEqual(['load', 'generate', 'plan', 'apply', 'record']);
    expect(timings.phases.apply).toBeGreaterThanOrEqual(60); // two 30 ms applies in a row
    expect(timings.totalMs).toBeGreaterThanOrEqual(
      Object.values(timings.phases).reduce((a, b) => a + b, 0) - 5,
    );
    expect(timings.slowest.map((r) => r.id).sort()).toEqual(['quick', 'slow']);
    expect(timings.slowest[0]?.durationMs).toBeGreaterThanOrEqual(
      timings.slowest[1]?.durationMs ?? 0,
    );
    const [provider] = timings.providers;
    expect(provider?.provider).toBe('Test');
    const retried = project.io.messagesWithCode('RESOURCE_RETRY').length;
    expect(retried).toBeGreaterThan(0);
    expect(provider?.retries).toBe(retried);
    expect(provider?.throttled).toBe(retried); // the test cloud's transient faults are its throttles
    expect(provider?.apiCalls).toBeGreaterThanOrEqual(2 + retried);
    expect(provider?.readinessWaitMs).toBeGreaterThan(0);

    const stored = await showRelease({ ...project.options(), revision: result.revision });
    expect(stored.timings).toEqual(timings);
  });
});
