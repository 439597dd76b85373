/** The same behaviours, checked for the embedded local backend and for S3 on moto. */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createLocalBackend } from '@kusion/core';
import { describe, onTestFinished } from 'vitest';
import { describeBackendContract } from './backend-contract.js';
import { useMotoBucket } from './moto-bucket.js';

describeBackendContract('local', async () => {
  const home = await mkdtemp(join(tmpdir(), 'kusion-contract-'));
  onTestFinished(() => rm(home, { recursive: true, force: true }));
  return { open: () => createLocalBackend({ kusionHome: home }) };
});

describe('on moto', () => {
  const moto = useMotoBucket();
  describeBackendContract('s3', () => Promise.resolve({ open: () => moto.backend() }));
});
