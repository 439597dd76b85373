/**
 * How the server is reached: HTTPS when given a certificate, CORS off unless origins are
 * configured (and then only for them), loopback by default; and a run cancelled through the API.
 */
import { execFile } from 'node:child_process';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { request as httpsRequest } from 'node:https';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readEvents, startScratchServer } from './support/scratch-server.js';
import type { ScratchServer } from './support/scratch-server.js';

let certDir: string;
let cert: string;
let key: string;

beforeAll(async () => {
  certDir = await mkdtemp(join(tmpdir(), 'kusion-tls-'));
  await promisify(execFile)('openssl', [
    'req',
    '-x509',
    '-newkey',
    'rsa:2048',
    '-nodes',
    '-days',
    '1',
    '-subj',
    '/CN=127.0.0.1',
    '-addext',
    'subjectAltName=IP:127.0.0.1',
    '-keyout',
    join(certDir, 'key.pem'),
    '-out',
    join(certDir, 'cert.pem'),
  ]);
  cert = await readFile(join(certDir, 'cert.pem'), 'utf8');
  key = await readFile(join(certDir, 'key.pem'), 'utf8');
});

afterAll(async () => {
  await rm(certDir, { recursive: true, force: true });
});

function getHttps(url: string, ca: string): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    httpsRequest(url, { ca }, (response) => {
      let body = '';
      response.on('data', (chunk: Buffer) => (body += chunk.toString()));
      response.on('end', () => {
        resolve({ status: response.statusCode ?? 0, body });
      });
    })
      .on('error', reject)
      .end();
  });
}

describe('transport', () => {
  let tls: ScratchServer;
  afterAll(async () => {
    await tls.close();
  });

  it('serves HTTPS with the given certificate, on loopback by default', async () => {
    tls = await startScratchServer({ server: { tls: { cert, key } } });
    expect(tls.server.url).toMatch(/^https:\/\/127\.0\.0\.1:\d+$/);
    const answer = await getHttps(`${tls.server.url}/api/health`, cert);
    expect(answer.status).toBe(200);
    expect(JSON.parse(answer.body)).toMatchObject({ status: 'ok' });
    // Plain HTTP to the same port is not served.
    await expect(fetch(tls.server.url.replace('https', 'http') + '/api/health')).rejects.toThrow();
  });

  it('sends no CORS headers unless origins are configured, then only for them', async () => {
    const plain = await startScratchServer({ workspaces: ['dev'] });
    const allowed = await startScratchServer({
      workspaces: ['dev'],
      server: { corsOrigins: ['https://portal.example.com'] },
    });
    try {
      const ask = (url: string, origin: string) =>
        fetch(`${url}/api/health`, { headers: { origin } }).then((r) =>
          r.headers.get('access-control-allow-origin'),
        );
      expect(await ask(plain.server.url, 'https://portal.example.com')).toBeNull();
      expect(await ask(allowed.server.url, 'https://portal.example.com')).toBe(
        'https://portal.example.com',
      );
      expect(await ask(allowed.server.url, 'https://evil.example.com')).toBeNull();
    } finally {
      await plain.close();
      await allowed.close();
    }
  });
});

describe('cancel', () => {
  it('stops a running deploy: the run ends cancelled and its release failed', async () => {
    const scratch = await startScratchServer({ latencyMs: 3000, workspaces: ['dev'] });
    try {
      const started = await scratch.api('/api/runs', {
        method: 'POST',
        token: scratch.tokens.deployer,
        body: { kind: 'deploy', project: 'shop', stack: 'dev', workspace: 'dev' },
      });
      const streaming = readEvents(
        `${scratch.server.url}/api/runs/${started.json.id as string}/events`,
        scratch.tokens.deployer,
      );
      // Cancel once applying: the release is recorded, the first resource in flight.
      for (;;) {
        const releases = await scratch.api(
          '/api/workspaces/dev/projects/shop/stacks/dev/releases',
          { token: scratch.tokens.viewer },
        );
        if (releases.json.releases.length === 1) break;
        await new Promise((r) => setTimeout(r, 50));
      }
      const refused = await scratch.api(`/api/runs/${started.json.id as string}/cancel`, {
        method: 'POST',
        token: scratch.tokens.viewer,
      });
      expect(refused.status).toBe(403);
      const cancel = await scratch.api(`/api/runs/${started.json.id as string}/cancel`, {
        method: 'POST',
        token: scratch.tokens.deployer,
      });
      expect(cancel.status).toBe(202);
      const { events } = await streaming;
      expect(events.at(-1)?.data.status).toBe('cancelled');
      const releases = await scratch.api('/api/workspaces/dev/projects/shop/stacks/dev/releases', {
        token: scratch.tokens.viewer,
      });
      expect(releases.json.releases).toEqual([expect.objectContaining({ phase: 'failed' })]);
      const again = await scratch.api(`/api/runs/${started.json.id as string}/cancel`, {
        method: 'POST',
        token: scratch.tokens.deployer,
      });
      expect(again.status).toBe(409);
      expect(again.json.error.code).toBe('RUN_FINISHED');
    } finally {
      await scratch.close();
    }
  });
});
