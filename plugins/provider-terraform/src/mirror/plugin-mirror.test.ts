import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { isKusionError } from '@kusion/sdk';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cliConfiguration, resolveVersion, scanMirrors } from './plugin-mirror.js';

const AWS = 'registry.terraform.io/hashicorp/aws';
let unpacked: string;
let packed: string;

beforeAll(async () => {
  unpacked = await mkdtemp(join(tmpdir(), 'tf-mirror-'));
  packed = await mkdtemp(join(tmpdir(), 'tf-mirror-'));
  await mkdir(join(unpacked, AWS, '5.100.0', 'linux_amd64'), { recursive: true });
  await mkdir(join(unpacked, AWS, '4.67.0', 'darwin_arm64'), { recursive: true });
  await mkdir(join(packed, AWS), { recursive: true });
  await writeFile(join(packed, AWS, 'terraform-provider-aws_5.31.0_linux_amd64.zip'), '');
});
afterAll(async () => {
  await rm(unpacked, { recursive: true, force: true });
  await rm(packed, { recursive: true, force: true });
});

const requirement = (version: string) => ({ source: AWS, localName: 'aws', version });
const where = () => ({ dirs: [unpacked, packed], resourceId: 'hashicorp:aws:aws_sqs_queue:q' });

describe('plugin mirrors', () => {
  it('finds unpacked and packed versions for this platform only', async () => {
    const index = await scanMirrors(
      [unpacked, packed, join(unpacked, 'missing')],
      [AWS],
      'linux_amd64',
    );
    expect(index.get(AWS)).toEqual(['5.31.0', '5.100.0']);
  });

  it('uses the exact version, else the newest of the same major with a notice', async () => {
    const index = await scanMirrors([unpacked, packed], [AWS], 'linux_amd64');
    expect(resolveVersion(requirement('5.31.0'), index, 'same-major', where())).toEqual({
      version: '5.31.0',
    });
    const substituted = resolveVersion(requirement('5.0.1'), index, 'same-major', where());
    expect(substituted.version).toBe('5.100.0');
    expect(substituted.notice).toContain('5.0.1 is in no plugin mirror: using 5.100.0');
  });

  it('refuses another major, or any other version with `exact`, saying what there is', async () => {
    const index = await scanMirrors([unpacked, packed], [AWS], 'linux_amd64');
    for (const [version, rule] of [
      ['4.67.0', 'same-major'],
      ['5.0.1', 'exact'],
    ] as const) {
      let caught: unknown;
      try {
        resolveVersion(requirement(version), index, rule, where());
      } catch (error) {
        caught = error;
      }
      expect(isKusionError(caught) && caught.code).toBe('TERRAFORM_PROVIDER_MISSING');
      expect(String(caught)).toContain(`${AWS} ${version}`);
      expect(String(caught)).toContain('it has 5.31.0, 5.100.0');
    }
  });

  it('writes a CLI configuration that installs from the mirrors only', () => {
    expect(cliConfiguration(['/opt/tf plugins'])).toBe(
      '# Written by @kusion/provider-terraform: providers come from these folders only.\n' +
        'provider_installation {\n  filesystem_mirror {\n    path = "/opt/tf plugins"\n  }\n}\n',
    );
  });
});
