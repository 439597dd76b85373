/**
 * The AWS command-line tools against a test peer: the `aws` CLI (to look at what really exists in
 * moto, behind the provider's back) and `cfn-lint` (to check a template against CloudFormation's
 * own resource schemas, offline). Both come from PATH.
 */
import { execFile } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { motoEnv } from './moto.ts';

const run = promisify(execFile);

/** `aws --endpoint-url <endpoint> <args> --output json`, parsed. */
export async function awsCliJson(endpoint: string, ...args: string[]): Promise<unknown> {
  const { stdout } = await run('aws', ['--endpoint-url', endpoint, ...args, '--output', 'json'], {
    env: { ...process.env, ...motoEnv(endpoint) },
    maxBuffer: 16 * 1024 * 1024,
  });
  return stdout.trim() === '' ? undefined : (JSON.parse(stdout) as unknown);
}

export interface CfnLintMatch {
  readonly rule: string;
  readonly level: string;
  readonly message: string;
  /** Where in the template, e.g. ["Resources", "Orders", "Properties", "Tags"]. */
  readonly path: readonly (string | number)[];
}

/** What cfn-lint finds in a template (all levels). */
export async function cfnLint(template: unknown): Promise<CfnLintMatch[]> {
  const dir = await mkdtemp(join(tmpdir(), 'kusion-cfn-lint-'));
  const file = join(dir, 'template.json');
  try {
    await writeFile(
      file,
      typeof template === 'string' ? template : JSON.stringify(template, null, 2),
    );
    const stdout = await new Promise<string>((resolve, reject) => {
      // Exit codes 2, 4, 8... only say which levels were found; the JSON says what.
      execFile(
        'cfn-lint',
        ['--format', 'json', file],
        { maxBuffer: 16 * 1024 * 1024 },
        (error, out, err) => {
          if (error && !out.trim().startsWith('['))
            reject(new Error(`cfn-lint failed: ${err || error.message}`));
          else resolve(out);
        },
      );
    });
    const matches = JSON.parse(stdout) as {
      Level: string;
      Message: string;
      Rule: { Id: string };
      Location: { Path: (string | number)[] };
    }[];
    return matches.map((match) => ({
      rule: match.Rule.Id,
      level: match.Level,
      message: match.Message,
      path: match.Location.Path,
    }));
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}
