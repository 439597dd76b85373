/** Runs cfn-lint (from PATH) on a template and returns what it found, structured. */
import { execFile } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export interface LintMatch {
  readonly rule: string;
  readonly level: string;
  readonly message: string;
  /** Where in the template, e.g. ["Resources", "Orders", "Properties", "Tags"]. */
  readonly path: readonly (string | number)[];
}

export async function cfnLint(template: unknown): Promise<LintMatch[]> {
  const dir = await mkdtemp(join(tmpdir(), 'kusion-cfn-lint-'));
  const file = join(dir, 'template.json');
  try {
    await writeFile(file, JSON.stringify(template, null, 2));
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

/** The errors only, as "Path: message" lines (what an assertion failure should show). */
export async function cfnLintErrors(template: unknown): Promise<string[]> {
  return (await cfnLint(template))
    .filter((match) => match.level === 'Error')
    .map((match) => `${match.path.join('/')}: ${match.rule} ${match.message}`);
}
