/** `kusion provider init`: a scaffold written to a new folder (never over existing files). */
import { mkdir, readdir, writeFile } from 'node:fs/promises';
import { dirname, join, resolve } from 'node:path';
import { KusionError } from '@kusion/sdk';
import { displayPath } from '../config/display-path.js';
import { renderScaffold } from './render-scaffold.js';
import type { ScaffoldFile, ScaffoldOptions } from './render-scaffold.js';

export interface WriteScaffoldOptions extends ScaffoldOptions {
  /** Default: `./<package name>` in the current directory. */
  readonly dir?: string | undefined;
}

export interface WrittenScaffold {
  /** Absolute. */
  readonly dir: string;
  readonly packageName: string;
  readonly files: readonly ScaffoldFile[];
}

export async function writeScaffold(options: WriteScaffoldOptions): Promise<WrittenScaffold> {
  const files = await renderScaffold(options);
  const manifest = files.find((file) => file.path === 'package.json');
  const packageName =
    (JSON.parse(manifest?.content ?? '{}') as { name?: string }).name ?? options.name;
  const dir = resolve(options.dir ?? packageName.replace(/^@[^/]+\//, ''));
  const existing = await readdir(dir).catch(() => [] as string[]);
  if (existing.length) {
    throw new KusionError('INVALID_ARGUMENT', `${displayPath(dir)} exists and is not empty`, {
      hint: 'choose another folder with --dir, or remove this one',
    });
  }
  for (const file of files) {
    const path = join(dir, file.path);
    await mkdir(dirname(path), { recursive: true });
    await writeFile(path, file.content, { flag: 'wx' });
  }
  return { dir, packageName, files };
}
