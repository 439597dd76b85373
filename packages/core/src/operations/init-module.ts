/** `mod init`: a new module package, ready to test, pack and publish. */
import { access, mkdir, writeFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { join, resolve } from 'node:path';
import { KusionError } from '@kusion/sdk';
import { moduleScaffold } from '../scaffold/module-scaffold.js';

export interface InitModuleOptions {
  /** The module's name, as apps write it in `module:`. */
  readonly name: string;
  /** The package folder; default `./kusion-module-<name>`. */
  readonly dir?: string | undefined;
  /** The npm package name; default `kusion-module-<name>`. */
  readonly packageName?: string | undefined;
  /** Overwrite existing files. */
  readonly force?: boolean | undefined;
}

export interface InitModuleResult {
  readonly packageDir: string;
  readonly packageName: string;
  readonly files: readonly string[];
  /** Commands to run next, from the current folder, in order. */
  readonly next: readonly string[];
}

/** Lower-case, as npm names and Kusion's module names are; no leading digit or separator. */
const MODULE_NAME = /^[a-z][a-z0-9]*(?:[-_][a-z0-9]+)*$/;
/** npm's rule for a package name (scoped or not), lower case. */
const PACKAGE_NAME = /^(?:@[a-z0-9][a-z0-9._-]*\/)?[a-z0-9][a-z0-9._-]*$/;

export async function initModule(options: InitModuleOptions): Promise<InitModuleResult> {
  if (!MODULE_NAME.test(options.name)) {
    throw new KusionError(
      'INVALID_ARGUMENT',
      `invalid module name "${options.name}": expected lower-case letters and digits, words joined by "-" or "_", starting with a letter (e.g. redis, object-store)`,
      { hint: 'apps write this name in `module:`' },
    );
  }
  const packageName = options.packageName ?? `kusion-module-${options.name}`;
  if (!PACKAGE_NAME.test(packageName) || packageName.length > 214) {
    throw new KusionError(
      'INVALID_ARGUMENT',
      `invalid npm package name "${packageName}": expected lower case, e.g. kusion-module-${options.name} or @acme/kusion-module-${options.name}`,
    );
  }
  const dir = options.dir ?? `kusion-module-${options.name}`;
  const packageDir = resolve(dir);
  const files = moduleScaffold({ name: options.name, packageName, sdkVersion: sdkVersion() });
  if (!options.force) {
    const existing: string[] = [];
    for (const file of Object.keys(files))
      if (await exists(join(packageDir, file))) existing.push(file);
    if (existing.length) {
      throw new KusionError(
        'INVALID_ARGUMENT',
        `${packageDir} already has ${existing.join(', ')}`,
        {
          hint: 'choose another folder with --dir, or pass --force to overwrite',
        },
      );
    }
  }
  for (const [file, content] of Object.entries(files)) {
    await mkdir(join(packageDir, file, '..'), { recursive: true });
    await writeFile(join(packageDir, file), content);
  }
  return {
    packageDir,
    packageName,
    files: Object.keys(files),
    next: [`cd ${dir}`, 'npm install', 'npm test', 'npm pack'],
  };
}

/** The sdk this engine was built with: the scaffold builds against the same. */
function sdkVersion(): string {
  const manifest = createRequire(import.meta.url)('@kusion/sdk/package.json') as {
    version: string;
  };
  return manifest.version;
}

async function exists(path: string): Promise<boolean> {
  try {
    await access(path);
    return true;
  } catch {
    return false;
  }
}
