/**
 * Kusion as a library: one `createKusion` object previews, deploys, detects drift, rolls out to a
 * second workspace, cancels a deploy with an AbortSignal and destroys — in this process, with
 * progress events instead of a terminal. The test provider (`@kusion/testkit`) stands in for a
 * cloud: each resource is a JSON file under the project's `cloud-<workspace>` folder.
 *
 * Run: `npm start` (it works on a copy of ./project in a temporary folder and removes it).
 */
import { cp, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createKusion, createWorkspace } from '@kusion/core';
import type { IoHost } from '@kusion/sdk';
import { testProvider } from '@kusion/testkit';

function check(condition: boolean, what: string): void {
  if (!condition) throw new Error(`unexpected: ${what}`);
  console.log(`ok - ${what}`);
}

const root = await mkdtemp(join(tmpdir(), 'kusion-library-'));
const projectDir = join(root, 'project');
await cp(new URL('../project', import.meta.url), projectDir, { recursive: true });
const kusionHome = join(root, 'home'); // a backend of its own, never ~/.kusion

// The IoHost receives every coded message (and could answer questions); warnings go to stderr here.
const io: IoHost = {
  notify(message) {
    if (message.level === 'warn' || message.level === 'error')
      console.error(`! ${message.message}`);
  },
  requestResponse: (request) => Promise.resolve(request.defaultResponse),
};
// Plugins passed in code: the test provider, in-process (a workspace could name its package instead).
const kusion = createKusion({ io, kusionHome, plugins: [testProvider] });
const workdir = join(projectDir, 'app');

try {
  for (const name of ['dev', 'prod'])
    await createWorkspace({
      io,
      kusionHome,
      plugins: [testProvider],
      name,
      file: join(projectDir, 'workspaces', `${name}.yaml`),
    });

  // Progress events, by message code.
  kusion.on('RESOURCE_DONE', ({ data, target }) => {
    const where = target ? `[${target.workspace}] ` : '';
    console.log(
      `  ${data.status === 'succeeded' ? '✔' : '✖'} ${where}${data.action} ${data.id} (${data.durationMs} ms)`,
    );
  });
  kusion.on('ROLLOUT_WAVE_START', ({ message }) => {
    console.log(`  ${message}`);
  });

  const plan = await kusion.preview({ workdir, workspace: 'dev' });
  check(plan.summary.create === 3, `preview of dev plans 3 creates`);

  const deployed = await kusion.deploy({ workdir, workspace: 'dev', yes: true });
  check(
    deployed.status === 'succeeded' && deployed.revision === 1,
    'deploy to dev records revision 1',
  );

  const drift = await kusion.drift({ workdir, workspace: 'dev' });
  check(drift.drifted.length === 0 && drift.inSync === 3, 'no drift in dev');

  const rolled = await kusion.rollout({ workdir, workspaces: 'dev,prod', yes: true });
  const statuses = rolled.rollout.waves.map((wave) => wave.targets[0]?.status).join(' → ');
  check(statuses === 'unchanged → succeeded', `rollout dev → prod: ${statuses}`);

  // Cancellation: a new version of the app, and the deploy stopped as soon as it starts; the
  // resource in flight finishes, nothing new starts, the release is recorded failed and unlocked.
  const main = await readFile(join(workdir, 'main.yaml'), 'utf8');
  await writeFile(
    join(workdir, 'main.yaml'),
    main.replace('redis', 'valkey').replace('shop:1.0', 'shop:1.1'),
  );
  const controller = new AbortController();
  const stop = kusion.on('RESOURCE_START', () => {
    controller.abort(new Error('stopped by the script'));
  });
  const cancelled = await kusion.deploy({
    workdir,
    workspace: 'prod',
    yes: true,
    signal: controller.signal,
  });
  stop();
  const outcomes = cancelled.resources.map((r) => `${r.id}:${r.status}`).join(', ');
  check(cancelled.status === 'failed', `the cancelled deploy stopped: ${outcomes}`);
  const resumed = await kusion.deploy({ workdir, workspace: 'prod', yes: true });
  check(resumed.status === 'succeeded', `the next deploy converges (revision ${resumed.revision})`);

  for (const workspace of ['dev', 'prod']) {
    const destroyed = await kusion.destroy({ workdir, workspace, yes: true });
    check(destroyed.summary.delete === 3, `destroy ${workspace} deletes 3 resources`);
  }
  console.log('library example: all done');
} finally {
  await rm(root, { recursive: true, force: true });
}
