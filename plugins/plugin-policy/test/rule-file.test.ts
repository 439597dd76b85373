import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { isKusionError } from '@kusion/sdk';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { loadRules } from '../src/rule-file.js';

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'kusion-policy-'));
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

async function failureOf(promise: Promise<unknown>): Promise<string> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  if (!isKusionError(error)) throw new Error(`expected a Kusion error, got ${String(error)}`);
  return `${String(error.code)}: ${error.message}`;
}

describe('rules from the settings', () => {
  it('reads a YAML file relative to the project, and inline rules', async () => {
    await writeFile(
      join(dir, 'policy.yaml'),
      'rules:\n  - name: no-public\n    kind: deny-public-buckets\n  - name: owner\n    kind: require-labels\n    labels: [team]\n',
    );
    const rules = await loadRules(
      { rules: ['./policy.yaml', { name: 'small', kind: 'limit-replicas', max: 3 }] },
      dir,
    );
    expect(rules.map((rule) => rule.name)).toEqual(['no-public', 'owner', 'small']);
  });

  it('reports every problem of a YAML file at its line and column', async () => {
    await writeFile(
      join(dir, 'policy.yaml'),
      [
        'rules:',
        '  - name: a',
        '    kind: deny-public-bucket',
        '  - kind: require-labels',
        '    labels: team',
        '  - name: c',
        '    kind: limit-replicas',
        '    max: lots',
        '    maximum: 3',
        '',
      ].join('\n'),
    );
    const message = await failureOf(loadRules({ rules: 'policy.yaml' }, dir));
    const file = join(dir, 'policy.yaml');
    expect(message).toContain(
      `${file}:3:11: rules[0].kind: unknown kind "deny-public-bucket"; one of deny-public-buckets, require-labels, limit-replicas, forbid-protected-deletes`,
    );
    expect(message).toContain(`${file}:4:5: rules[1].name: missing: every rule has a name`);
    expect(message).toContain(`${file}:5:13: rules[1].labels: must list the label keys required`);
    expect(message).toContain(`${file}:8:10: rules[2].max: must be a number`);
    expect(message).toContain(`${file}:9:5: rules[2].maximum: unknown field for limit-replicas`);
    expect(message.startsWith('CONFIG_INVALID: policy: ')).toBe(true);
  });

  it('loads rules written in TypeScript, custom checks included', async () => {
    await writeFile(
      join(dir, 'policy.ts'),
      `import type { PolicyRule } from '@kusion/plugin-policy';
const maxSize: number = 3;
export default [
  { name: 'no-public', kind: 'deny-public-buckets' },
  { name: 'size', check: ({ change }) => (Number(change.desired?.attributes.size) > maxSize ? 'too big' : undefined) },
] satisfies PolicyRule[];
`,
    );
    const rules = await loadRules({ rules: './policy.ts' }, dir);
    expect(rules.map((rule) => [rule.name, rule.kind])).toEqual([
      ['no-public', 'deny-public-buckets'],
      ['size', undefined],
    ]);
  });

  it('says what is wrong with missing settings, a missing file, a bad TypeScript export and repeated names', async () => {
    expect(await failureOf(loadRules({}, dir))).toContain('settings.rules: missing');
    expect(await failureOf(loadRules({ rules: 'nope.yaml' }, dir))).toContain(
      'nope.yaml: file not found',
    );
    await writeFile(join(dir, 'bad.ts'), 'export default { name: 1 };\n');
    expect(await failureOf(loadRules({ rules: 'bad.ts' }, dir))).toContain(
      'the default export must be a list of rules',
    );
    expect(
      await failureOf(
        loadRules(
          {
            rules: [
              { name: 'x', kind: 'deny-public-buckets' },
              { name: 'x', kind: 'forbid-protected-deletes' },
            ],
          },
          dir,
        ),
      ),
    ).toContain('rule names must be unique; repeated: "x"');
  });
});
