import { mkdtemp, readFile, readdir, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it, onTestFinished } from 'vitest';
import {
  createFileExclusive,
  readTextIfExists,
  removeFile,
  writeFileAtomic,
} from './atomic-file.js';

async function makeDirectory(): Promise<string> {
  const directory = await mkdtemp(join(tmpdir(), 'kusion-atomic-'));
  onTestFinished(() => rm(directory, { recursive: true, force: true }));
  return directory;
}

describe('writeFileAtomic', () => {
  it('creates missing directories and replaces the file, leaving no temp files', async () => {
    const directory = await makeDirectory();
    const file = join(directory, 'a', 'b', 'state.json');
    await writeFileAtomic(file, 'one');
    await writeFileAtomic(file, 'two');
    expect(await readFile(file, 'utf8')).toBe('two');
    expect(await readdir(join(directory, 'a', 'b'))).toEqual(['state.json']);
    if (process.platform !== 'win32') expect((await stat(file)).mode & 0o777).toBe(0o600);
  });
});

describe('createFileExclusive', () => {
  it('creates only when absent', async () => {
    const directory = await makeDirectory();
    const file = join(directory, 'x', 'lock');
    expect(await createFileExclusive(file, 'first')).toBe(true);
    expect(await createFileExclusive(file, 'second')).toBe(false);
    expect(await readFile(file, 'utf8')).toBe('first');
    expect(await readdir(join(directory, 'x'))).toEqual(['lock']);
  });

  it('lets exactly one of many concurrent creators win, with its content whole', async () => {
    const directory = await makeDirectory();
    const file = join(directory, 'race');
    const results = await Promise.all(
      Array.from({ length: 20 }, (_, index) => createFileExclusive(file, `writer ${index}`)),
    );
    const winners = results.flatMap((isCreated, index) => (isCreated ? [index] : []));
    expect(winners).toHaveLength(1);
    expect(await readFile(file, 'utf8')).toBe(`writer ${winners[0]!}`);
  });
});

describe('readTextIfExists and removeFile', () => {
  it('answer undefined and false for a missing file', async () => {
    const directory = await makeDirectory();
    expect(await readTextIfExists(join(directory, 'missing'))).toBeUndefined();
    expect(await removeFile(join(directory, 'missing'))).toBe(false);
    await writeFileAtomic(join(directory, 'present'), 'x');
    expect(await removeFile(join(directory, 'present'))).toBe(true);
  });
});
