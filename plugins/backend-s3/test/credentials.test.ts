/** Credentials and region from the AWS environment, and the SDK kept from printing. */
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it, onTestFinished, vi } from 'vitest';
import { createS3Backend } from '../src/s3-backend.js';
import { parseS3Settings } from '../src/settings.js';
import { BUCKET, useMotoBucket } from './moto-bucket.js';

const moto = useMotoBucket();

describe('s3 backend credentials', () => {
  it('uses a named profile, and never lets the SDK print (not even its several-sources warning)', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'kusion-aws-'));
    onTestFinished(() => rm(dir, { recursive: true, force: true }));
    const config = join(dir, 'config');
    await writeFile(
      config,
      '[profile ops]\naws_access_key_id = test\naws_secret_access_key = test\nregion = us-east-1\n',
    );
    vi.stubEnv('AWS_CONFIG_FILE', config);
    vi.stubEnv('AWS_SHARED_CREDENTIALS_FILE', join(dir, 'credentials'));
    vi.stubEnv('AWS_ACCESS_KEY_ID', 'from-env');
    vi.stubEnv('AWS_SECRET_ACCESS_KEY', 'from-env');
    vi.stubEnv('AWS_REGION', undefined);
    onTestFinished(() => {
      vi.unstubAllEnvs();
    });
    const warn = vi.spyOn(console, 'warn');
    onTestFinished(() => {
      warn.mockRestore();
    });

    const backend = createS3Backend(
      parseS3Settings({ bucket: BUCKET, endpoint: moto.peer.endpoint, profile: 'ops' }),
    );
    onTestFinished(() => backend.close?.());
    await backend.workspaces.create({ name: 'dev' });
    expect(await backend.workspaces.list()).toEqual(['dev']);
    expect(warn).not.toHaveBeenCalled();
  });
});
