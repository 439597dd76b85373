/**
 * Configuration errors name file:line:column, say what is wrong in one line, and never quote what
 * a file holds when it is not a configuration at all: a symlink to a system file, a binary
 * (defect 8 of issue 12). config.yaml errors read like every other file's.
 */
import { mkdir, symlink, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { createWorkspace, preview } from '../src/index.js';
import { createScratchProject } from './scratch-project.js';
import type { ScratchProject } from './scratch-project.js';

let project: ScratchProject;
afterEach(async () => {
  await project.cleanup();
});

const failureOf = async (run: Promise<unknown>): Promise<Error & { code?: string }> => {
  const error = await run.then(
    () => undefined,
    (e: unknown) => e,
  );
  if (!(error instanceof Error)) throw new Error('expected a failure');
  return error;
};

/** Looks like /etc/shadow: user names and password hashes, one per line. */
const SHADOW = ['root:$6$salt$hashhashhash:19000:0:99999:7:::', 'ana:$6$x$secrethash:19000:0:::'];

describe('a file that is not a configuration', () => {
  it('as main.yaml (a symlink to a system file) is refused without quoting it', async () => {
    project = await createScratchProject();
    const system = join(project.dir, 'passwd');
    await writeFile(system, 'root:x:0:0:root:/root:/bin/bash\ndaemon:x:1:1:daemon:/usr/sbin\n');
    const main = join(project.dir, 'dev', 'main.yaml');
    await import('node:fs/promises').then(({ rm }) => rm(main));
    await symlink(system, main);
    const error = await failureOf(preview(project.options()));
    expect(error.message).toMatch(
      /main\.yaml:1:1: must be an object, received plain text of \d+ characters/,
    );
    expect(error.message).not.toContain('root');
  });

  it('as main.yaml (a binary) is refused as binary, quoting nothing', async () => {
    project = await createScratchProject();
    await writeFile(
      join(project.dir, 'dev', 'main.yaml'),
      Buffer.from([0x7f, 0x45, 0x4c, 0x46, 0x02, 0x01, 0x00, 0x00, 0x3e, 0x00, 0xff, 0xfe]),
    );
    const error = await failureOf(preview(project.options()));
    expect(error.message).toMatch(/main\.yaml: not a text file: it holds binary data/);
    expect(error.message).not.toContain('ELF');
  });

  it('as a workspace file (keys it does not know at all) is one line that quotes none of them', async () => {
    project = await createScratchProject();
    const shadow = join(project.dir, 'shadow');
    await writeFile(shadow, `${SHADOW.join('\n')}\n`);
    const error = await failureOf(
      createWorkspace({ io: project.io, kusionHome: project.home, name: 'x', file: shadow }),
    );
    expect(error.message).toMatch(
      /shadow:1:1: not a workspace file: none of its 2 top-level keys is one of description, providers/,
    );
    expect(error.message).not.toMatch(/hash|root|ana/);
  });
});

describe('config.yaml', () => {
  it('reports problems as file:line:column: path: problem, like main.yaml', async () => {
    project = await createScratchProject();
    await mkdir(project.home, { recursive: true });
    await writeFile(
      join(project.home, 'config.yaml'),
      'backends:\n  current: team\n  team:\n    configs: { bucket: b }\n',
    );
    const error = await failureOf(preview(project.options()));
    expect(error.message).toMatch(
      /config\.yaml:3:3: backends\.team: needs a "type" \(local, s3, postgres, kubernetes\.\.\.\)$/,
    );
    await writeFile(join(project.home, 'config.yaml'), 'backends:\n  team:\n    type: [s3\n');
    const syntax = await failureOf(preview(project.options()));
    expect(syntax.message).toMatch(/config\.yaml:\d+:\d+: /);
  });
});
