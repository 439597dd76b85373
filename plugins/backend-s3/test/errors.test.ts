/** Failures a user meets: a missing bucket, an unreachable endpoint, throttling, denied access. */
import { createServer } from 'node:net';
import type { AddressInfo } from 'node:net';
import { describe, expect, it, onTestFinished } from 'vitest';
import {
  sampleRelease as release,
  sampleScope as scope,
} from '@kusion/testkit/backend-conformance';
import { startInterposer } from './interposer.js';
import type { Decision, InterceptedRequest } from './interposer.js';
import { useMotoBucket } from './moto-bucket.js';

const moto = useMotoBucket();
const holder = { user: 'ana', host: 'laptop', pid: 1, command: 'kusion deploy' };

async function through(decide: (request: InterceptedRequest) => Decision) {
  const interposer = await startInterposer(moto.peer.endpoint, decide);
  onTestFinished(() => interposer.close());
  return { interposer, backend: moto.backend({ endpoint: interposer.endpoint }) };
}

describe('s3 backend failures', () => {
  it('names a missing bucket in every store, never mistaking it for a missing object', async () => {
    // No lock can be taken in a missing bucket: a fence that checking would find wanting.
    const write = {
      fence: { scope: { project: 'shop', workspace: 'dev' }, holderId: 'x', generation: 1 },
    };
    const backend = moto.backend({ bucket: 'no-such-bucket' });
    const failure = {
      code: 'BACKEND_FAILED',
      message: `the S3 bucket "no-such-bucket" does not exist (at ${moto.peer.endpoint})`,
      hint: expect.stringContaining('aws s3 mb s3://no-such-bucket'),
    };
    await expect(backend.workspaces.list()).rejects.toMatchObject(failure);
    await expect(backend.workspaces.get('dev')).rejects.toMatchObject(failure);
    await expect(backend.workspaces.update({ name: 'dev' })).rejects.toMatchObject(failure);
    await expect(backend.workspaces.create({ name: 'dev' })).rejects.toMatchObject(failure);
    await expect(backend.releases.latest(scope)).rejects.toMatchObject(failure);
    await expect(backend.releases.create(release(1), write)).rejects.toMatchObject(failure);
    await expect(backend.releases.openJournal(scope, 1, write)).rejects.toMatchObject(failure);
    await expect(backend.locks.tryAcquire({ scope, holder, ttlMs: 1000 })).rejects.toMatchObject(
      failure,
    );
  });

  it('says an endpoint cannot be reached, after retrying', async () => {
    const closed = createServer();
    await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve));
    const { port } = closed.address() as AddressInfo;
    await new Promise((resolve) => closed.close(resolve));
    const backend = moto.backend({ endpoint: `http://127.0.0.1:${port}` });
    await expect(backend.workspaces.list()).rejects.toMatchObject({
      code: 'BACKEND_FAILED',
      message: expect.stringContaining(
        `could not reach S3 at http://127.0.0.1:${port} to list s3://kusion-state/team-a/workspaces/`,
      ),
      hint: expect.stringContaining('endpoint'),
    });
  });

  it('retries throttling and 5xx answers transparently', async () => {
    let puts = 0;
    const { interposer, backend } = await through(({ method }) => {
      if (method !== 'PUT') return 'forward';
      puts++;
      return puts === 1
        ? { status: 503, code: 'SlowDown' }
        : puts === 2
          ? { status: 500, code: 'InternalError' }
          : 'forward';
    });
    await backend.workspaces.create({ name: 'dev' });
    expect(await backend.workspaces.list()).toEqual(['dev']);
    // Create reads Kusion's workspace list first (none here), then writes: three attempts.
    expect(interposer.requests.map((seen) => seen.method).filter((m) => m === 'PUT')).toEqual([
      'PUT',
      'PUT',
      'PUT',
    ]);
  });

  it('gives up on an endpoint that keeps failing, saying so', async () => {
    const { interposer, backend } = await through(() => ({ status: 500, code: 'InternalError' }));
    await expect(backend.releases.latest(scope)).rejects.toMatchObject({
      code: 'BACKEND_FAILED',
      message: expect.stringContaining(
        'S3 kept failing to list s3://kusion-state/team-a/releases/shop/dev/main/ (InternalError, HTTP 500) after 5 attempts',
      ),
    });
    // Five attempts at our listing (and as many at Kusion's metadata beside it, read in parallel).
    const listings = interposer.requests.filter((seen) => seen.url.includes('list-type=2'));
    expect(listings).toHaveLength(5);
  });

  it('explains denied access with the permissions needed', async () => {
    const { backend } = await through(() => ({ status: 403, code: 'AccessDenied' }));
    await expect(backend.workspaces.get('dev')).rejects.toMatchObject({
      code: 'BACKEND_FAILED',
      message:
        'access denied to s3://kusion-state/team-a/workspaces/dev.yaml (could not read: AccessDenied)',
      hint: expect.stringContaining(
        's3:GetObject, s3:PutObject, s3:DeleteObject and s3:ListBucket',
      ),
    });
  });

  it('recognises its own conditional write when the answer was lost and the retry hit the condition', async () => {
    const write = await moto.lock();
    let isFirstPut = true;
    const { interposer, backend } = await through(({ method }) => {
      if (method !== 'PUT' || !isFirstPut) return 'forward';
      isFirstPut = false;
      return 'forward-then-fail';
    });
    // The first attempt creates the release; its retry is refused (the object exists): still ours.
    await backend.releases.create(release(1), write);
    expect(
      interposer.requests.filter((seen) => seen.method === 'PUT').length,
    ).toBeGreaterThanOrEqual(2);
    expect((await moto.backend().releases.get(scope, 1))?.revision).toBe(1);
    // Someone else's release under the same revision is still a conflict.
    await expect(
      moto.backend().releases.create(release(1, [], { user: 'bo' }), write),
    ).rejects.toMatchObject({
      code: 'STATE_CONFLICT',
    });
  });
});
