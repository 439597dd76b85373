/**
 * Terraform for tests of `type: Terraform` resources: the binary on PATH and the filesystem mirror
 * that holds the `hashicorp/aws` provider on the test machines. Where the mirror lives differs by
 * machine image, so it is found at run time, never written down.
 */
import { execFile } from 'node:child_process';
import { dirname } from 'node:path';
import { promisify } from 'node:util';

const run = promisify(execFile);

export interface TerraformTooling {
  /** The mirror root: the folder that holds `registry.terraform.io/`. */
  readonly mirrorDir: string;
  /** `1.11.4`. */
  readonly version: string;
}

let found: Promise<TerraformTooling> | undefined;

/** Finds terraform and the aws provider's mirror once per process; throws saying what is missing. */
export function findTerraformTooling(): Promise<TerraformTooling> {
  found ??= locate();
  return found;
}

async function locate(): Promise<TerraformTooling> {
  const version = await run('terraform', ['version', '-json']).then(
    ({ stdout }) => (JSON.parse(stdout) as { terraform_version: string }).terraform_version,
    () => {
      throw new Error(
        'terraform is not on PATH: tools/setup/install-test-deps.sh lists how to get it',
      );
    },
  );
  const { stdout } = await run(
    'find',
    [
      '/',
      '-xdev',
      '(',
      '-path',
      '/proc',
      '-o',
      '-path',
      '/sys',
      '-o',
      '-path',
      '/work',
      ')',
      '-prune',
      '-o',
      '-path',
      '*registry.terraform.io/hashicorp/aws/*',
      '-name',
      'terraform-provider-aws*',
      '-print',
      '-quit',
    ],
    { maxBuffer: 1024 * 1024 },
  ).catch((error: unknown) => ({ stdout: (error as { stdout?: string }).stdout ?? '' }));
  const binary = stdout.trim().split('\n')[0] ?? '';
  const marker = binary.lastIndexOf('/registry.terraform.io/');
  if (!binary || marker === -1) {
    throw new Error(
      'no filesystem mirror with the hashicorp/aws provider was found (find / -path "*registry.terraform.io/hashicorp/aws/*"): the test machine image provides one',
    );
  }
  return { mirrorDir: dirname(`${binary.slice(0, marker)}/x`), version };
}
