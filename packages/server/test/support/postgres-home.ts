/** A `$KUSION_HOME` whose current backend is PostgreSQL: what API servers and workers share. */
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { stringify } from 'yaml';

export async function writePostgresHome(home: string, connectionString: string): Promise<void> {
  await mkdir(home, { recursive: true });
  await writeFile(
    join(home, 'config.yaml'),
    stringify({
      backends: { current: 'team', team: { type: 'postgres', configs: { connectionString } } },
    }),
  );
}
