/**
 * How the CLI fails: a coded one-line error naming file and line, exit 1, no stack trace unless
 * --debug, the JSON envelope with --json, and nothing changed.
 */
import { readFile, writeFile } from 'node:fs/promises';
import { describe, expect, it } from 'vitest';
import {
  deployOk,
  expectErrorDocument,
  expectExit,
  expectNoStackTrace,
  releases,
} from './support/expectations.ts';
import { linesOf } from './support/kusion.ts';
import type { RunResult } from './support/kusion.ts';
import { createProjectWithWorkspace } from './support/project.ts';
import type { ScratchProject, TestResource } from './support/project.ts';

const RESOURCES: readonly TestResource[] = [
  { id: 'test:database', attributes: { engine: 'postgres' } },
  { id: 'test:app', attributes: { image: 'web:1', databaseId: '$kusion_path.test:database.uid' } },
];

/** Two kinds of malformed YAML, each with the lines an error may point at. */
const MALFORMED = [
  {
    name: 'bad indentation',
    text: [
      'resources:',
      '  - id: test:database',
      '    type: Test',
      '    attributes:',
      '      engine: postgres',
      '     size: small',
      '',
    ].join('\n'),
    lines: [6],
  },
  {
    name: 'an unclosed flow map',
    text: [
      'resources:',
      '  - id: test:database',
      '    type: Test',
      '    attributes: { engine: postgres, size: small',
      '  - id: test:app',
      '    type: Test',
      '    attributes: {}',
      '',
    ].join('\n'),
    // Where the map opens, or where the parser finds it unclosed.
    lines: [4, 5],
  },
] as const;

/** A deployed project, and what must stay as it is. */
async function deployedProject(): Promise<{
  project: ScratchProject;
  unchanged: () => Promise<void>;
}> {
  const project = await createProjectWithWorkspace({ resources: RESOURCES });
  await deployOk(project);
  const cloud = await project.snapshotCloud();
  const list = await releases(project);
  return {
    project,
    async unchanged() {
      expect(await project.snapshotCloud()).toEqual(cloud);
      expect(await releases(project)).toEqual(list);
    },
  };
}

/** stderr is one coded error line naming `main.yaml:<line>`, and at most a Hint line. */
function expectOneLineError(result: RunResult, lines: readonly number[]): void {
  expectExit(result, 1);
  expectNoStackTrace(result);
  const [first, ...rest] = linesOf(result.stderr);
  expect(first, result.transcript).toMatch(/^Error \[CONFIG_INVALID\]: .*main\.yaml:(\d+)/);
  const line = Number(/main\.yaml:(\d+)/.exec(first ?? '')?.[1]);
  expect(lines, `the error points at line ${line}\n${result.transcript}`).toContain(line);
  expect(
    rest.filter((l) => !l.startsWith('Hint:')),
    `stderr has one error line\n${result.transcript}`,
  ).toEqual([]);
}

describe('a malformed main.yaml', () => {
  for (const malformed of MALFORMED) {
    it(`(${malformed.name}) fails deploy and preview with a one-line error naming main.yaml:<line>, exit 1, no state change`, async () => {
      const { project, unchanged } = await deployedProject();
      await project.writeMainYaml(malformed.text);
      expectOneLineError(await project.run(['deploy', '--yes']), malformed.lines);
      expectOneLineError(await project.run(['preview']), malformed.lines);
      expect(await project.run(['preview', '--exit-code']).then((r) => r.exitCode)).toBe(1);
      await unchanged();
    });
  }

  it('answers --json with the error envelope, and stdout holds nothing else', async () => {
    const { project, unchanged } = await deployedProject();
    await project.writeMainYaml(MALFORMED[0].text);
    const result = await project.run(['deploy', '--yes', '--json']);
    expectExit(result, 1);
    const document = expectErrorDocument(result, 'CONFIG_INVALID');
    expect(document.error.message).toMatch(/main\.yaml:6/);
    expectNoStackTrace(result);
    await unchanged();
  });

  it('shows a stack trace with --debug', async () => {
    const { project, unchanged } = await deployedProject();
    await project.writeMainYaml(MALFORMED[0].text);
    const result = await project.run(['deploy', '--yes', '--debug']);
    expectExit(result, 1);
    expect(result.stderr).toMatch(/^Error \[CONFIG_INVALID\]: .*main\.yaml:6/m);
    expect(result.stderr).toMatch(/^\s{4}at /m);
    await unchanged();
  });

  it('reports a schema mistake with file, line and what is allowed', async () => {
    const { project, unchanged } = await deployedProject();
    await project.writeMainYaml(
      ['resources:', '  - id: test:database', '    typo: Test', '    attributes: {}', ''].join(
        '\n',
      ),
    );
    const result = await project.run(['preview']);
    expectExit(result, 1);
    expectNoStackTrace(result);
    expect(result.stderr).toMatch(/^Error \[CONFIG_INVALID\]: main\.yaml:2/m);
    expect(result.stderr).toMatch(/main\.yaml:3.*typo/);
    await unchanged();
  });
});

describe('confirmation', () => {
  it('deploy without --yes refuses when stdin is not a TTY: CONFIRMATION_REQUIRED, exit 1, nothing changed', async () => {
    const project = await createProjectWithWorkspace({ resources: RESOURCES });
    const result = await project.run(['deploy'], { input: 'y\n' });
    expectExit(result, 1);
    expectNoStackTrace(result);
    expect(result.stderr).toMatch(/^Error \[CONFIRMATION_REQUIRED\]: .*(TTY|terminal)/im);
    expect(result.stderr).toContain('--yes');

    const json = await project.run(['deploy', '--json']);
    expectExit(json, 1);
    expectErrorDocument(json, 'CONFIRMATION_REQUIRED');

    expect(await project.snapshotCloud()).toEqual({});
    expect(await releases(project)).toEqual([]);
  });

  it('destroy without --yes refuses too, and deletes nothing', async () => {
    const project = await createProjectWithWorkspace({ resources: RESOURCES });
    await deployOk(project);
    const cloud = await project.snapshotCloud();
    const result = await project.run(['destroy']);
    expectExit(result, 1);
    expect(result.stderr).toMatch(/^Error \[CONFIRMATION_REQUIRED\]/m);
    expect(await project.snapshotCloud()).toEqual(cloud);
    expect((await releases(project)).length).toBe(1);
  });

  it('deploy --dry-run shows the plan and changes nothing, without --yes', async () => {
    const project = await createProjectWithWorkspace({ resources: RESOURCES });
    const result = await project.run(['deploy', '--dry-run']);
    expectExit(result, 0);
    expect(result.stdout).toContain('test:database');
    expect(await project.snapshotCloud()).toEqual({});
    expect(await releases(project)).toEqual([]);
  });
});

describe('other user mistakes', () => {
  it('an unknown workspace is WORKSPACE_NOT_FOUND, exit 1, for every command that takes one', async () => {
    const project = await createProjectWithWorkspace({ resources: RESOURCES });
    for (const args of [
      ['workspace', 'show', 'nope'],
      ['workspace', 'switch', 'nope'],
      ['workspace', 'delete', 'nope'],
      ['preview', '-W', 'nope'],
      ['deploy', '--yes', '--workspace', 'nope'],
    ]) {
      const result = await project.run(args);
      expectExit(result, 1);
      expectNoStackTrace(result);
      expect(result.stderr, result.transcript).toMatch(/^Error \[WORKSPACE_NOT_FOUND\]: .*nope/m);
      expectErrorDocument(await project.run([...args, '--json']), 'WORKSPACE_NOT_FOUND');
    }
    expect(await project.snapshotCloud()).toEqual({});
  });

  it('a misspelt provider setting is refused, naming the setting', async () => {
    const project = await createProjectWithWorkspace({ resources: RESOURCES });
    const file = await project.writeWorkspaceFile('typo', { latencyMs: 0 }, {});
    await writeFile(file, (await readFile(file, 'utf8')).replace('latencyMs', 'latencyMS'));
    expectExit(await project.run(['workspace', 'create', 'typo', '-f', file]), 0);
    const result = await project.run(['deploy', '--yes', '-W', 'typo']);
    expectExit(result, 1);
    expectNoStackTrace(result);
    expect(result.stderr).toContain('latencyMS');
    expect(await project.snapshotCloud()).toEqual({});
  });

  it('refuses a misspelt `package:` under a provider at workspace create, with a did-you-mean and the line', async () => {
    const project = await createProjectWithWorkspace({ resources: RESOURCES });
    const file = await project.writeWorkspaceFile('typo');
    await writeFile(file, (await readFile(file, 'utf8')).replace('package:', 'pakage:'));
    const result = await project.run(['workspace', 'create', 'typo', '-f', file]);
    expectExit(result, 1);
    expect(result.stderr).toMatch(
      /^Error \[CONFIG_INVALID\]: \S*typo\.yaml:\d+:\d+: providers\.test\.pakage: unknown key "pakage" \(did you mean "package"\?\)$/m,
    );
    expectExit(await project.run(['workspace', 'show', 'typo']), 1);
  });

  it('applies one workspace-name rule everywhere, and its hint says exactly what is allowed', async () => {
    const project = await createProjectWithWorkspace({ resources: RESOURCES });
    const file = await project.writeWorkspaceFile('spaced');
    const hint =
      'Hint: A workspace name is 1 to 63 letters (a-z, A-Z), digits, "-", "_" and ".", starting with a letter or a digit, e.g. dev or prod-eu.1.';
    const cases: [args: string[], name: string, problem: string][] = [
      [['workspace', 'create', 'my ws', '-f', file], 'my ws', 'it contains a space'],
      [['workspace', 'create', '../x', '-f', file], '../x', 'it starts with "."'],
      [['deploy', '--yes', '-W', 'my ws'], 'my ws', 'it contains a space'],
      [['workspace', 'switch', 'my ws'], 'my ws', 'it contains a space'],
    ];
    for (const [args, name, problem] of cases) {
      const result = await project.run(args);
      expectExit(result, 1);
      expect(linesOf(result.stderr)).toEqual([
        `Error [INVALID_ARGUMENT]: invalid workspace name ${JSON.stringify(name)}: ${problem}`,
        hint,
      ]);
    }
    expect(await project.snapshotCloud()).toEqual({});
  });

  it('prints no warnings when NODE_ENV is development or test', async () => {
    const project = await createProjectWithWorkspace({ resources: RESOURCES });
    for (const NODE_ENV of ['development', 'test']) {
      const result = await project.run(['version'], { env: { NODE_ENV } });
      expectExit(result, 0);
      expect(result.stderr, `NODE_ENV=${NODE_ENV}\n${result.transcript}`).toBe('');
    }
  });
});
