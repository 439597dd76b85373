import { createServer } from 'node:net';
import { describe, expect, it } from 'vitest';
import { getFreePort, getFreePorts } from '../src/index.ts';

describe('getFreePorts', () => {
  it('returns distinct ports that can be bound on 127.0.0.1', async () => {
    const ports = await getFreePorts(5);
    expect(new Set(ports).size).toBe(5);
    for (const port of ports) {
      const server = createServer();
      await new Promise<void>((resolve, reject) => {
        server.once('error', reject);
        server.listen(port, '127.0.0.1', resolve);
      });
      await new Promise((resolve) => server.close(resolve));
    }
  });

  it('returns one port', async () => {
    const port = await getFreePort();
    expect(port).toBeGreaterThan(0);
    expect(port).toBeLessThan(65_536);
  });
});
