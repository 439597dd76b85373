/**
 * What a stack is made of, beyond its folder: the files its `main.ts` imports (followed by esbuild,
 * as tsx loads them), the YAML and JSON files its configuration names by relative path, and the
 * npm packages it uses — packages `main.ts` imports, and module packages its apps name.
 */
import { readFile } from 'node:fs/promises';
import { dirname, join, resolve } from 'node:path';
import { isFile } from '../config/file-system.js';
import { readYamlSource } from '../config/yaml-source.js';

export interface StackInputs {
  /** Absolute paths of files outside nothing in particular: imports and referenced files. */
  readonly files: ReadonlySet<string>;
  /** Package names the stack depends on. */
  readonly packages: ReadonlySet<string>;
  /** Why the inputs may be incomplete (main.ts does not compile...). */
  readonly problems: readonly string[];
}

const REFERENCED_FILE = /['"`]((?:\.{1,2}\/)?[^'"`\s]+\.(?:ya?ml|json))['"`]/g;

export async function stackInputs(stackDir: string, projectDir: string): Promise<StackInputs> {
  const files = new Set<string>();
  const packages = new Set<string>();
  const problems: string[] = [];
  const mainTs = join(stackDir, 'main.ts');
  const scanned: string[] = [];
  if (await isFile(mainTs)) {
    try {
      // Only `kusion deps` follows imports: the other commands never load esbuild.
      const { build } = await import('esbuild');
      const result = await build({
        entryPoints: [mainTs],
        bundle: true,
        write: false,
        metafile: true,
        platform: 'node',
        format: 'esm',
        packages: 'external',
        logLevel: 'silent',
        absWorkingDir: stackDir,
        loader: { '.yaml': 'text', '.yml': 'text' },
      });
      for (const [input, details] of Object.entries(result.metafile.inputs)) {
        const path = resolve(stackDir, input);
        files.add(path);
        if (/\.[cm]?[tj]sx?$/.test(path)) scanned.push(path);
        for (const imported of details.imports)
          if (imported.external) packages.add(packageName(imported.path));
      }
    } catch (error) {
      problems.push(
        `main.ts could not be followed (${error instanceof Error ? (error.message.split('\n')[0] ?? '') : String(error)}); only its folder counts`,
      );
    }
  }
  for (const path of scanned) {
    const text = await readFile(path, 'utf8').catch(() => '');
    for (const match of text.matchAll(REFERENCED_FILE))
      await addIfFile(files, match[1] ?? '', [dirname(path), stackDir, projectDir]);
  }
  for (const name of ['main.yaml', 'main.yml']) {
    const path = join(stackDir, name);
    if (!(await isFile(path))) continue;
    const source = await readYamlSource(path).catch(() => undefined);
    if (!source) continue;
    for (const text of strings(source.value))
      if (/\.(ya?ml|json)$/.test(text)) await addIfFile(files, text, [stackDir, projectDir]);
    for (const module of modulesOf(source.value))
      for (const candidate of [`@kusion/module-${module}`, `kusion-module-${module}`, module])
        packages.add(candidate);
  }
  return { files, packages, problems };
}

async function addIfFile(
  files: Set<string>,
  text: string,
  bases: readonly string[],
): Promise<void> {
  for (const base of bases) {
    const path = resolve(base, text);
    if (await isFile(path)) {
      files.add(path);
      return;
    }
  }
}

/** `@scope/name/sub` → `@scope/name`; `name/sub` → `name`; `node:fs` → `node:fs`. */
function packageName(specifier: string): string {
  const parts = specifier.split('/');
  return specifier.startsWith('@') ? parts.slice(0, 2).join('/') : (parts[0] ?? specifier);
}

function* strings(value: unknown): Generator<string> {
  if (typeof value === 'string') yield value;
  else if (Array.isArray(value)) for (const item of value) yield* strings(item);
  else if (typeof value === 'object' && value !== null)
    for (const item of Object.values(value)) yield* strings(item);
}

/** Module names an AppConfiguration in YAML uses: `workload.module` (or its `type`), `accessories.*.module`. */
function modulesOf(value: unknown): string[] {
  const record = (v: unknown): Record<string, unknown> =>
    typeof v === 'object' && v !== null && !Array.isArray(v) ? (v as Record<string, unknown>) : {};
  const names: string[] = [];
  for (const app of Object.values(record(record(value).apps))) {
    const workload = record(record(app).workload);
    const name = workload.module ?? workload.type;
    if (typeof name === 'string') names.push(name);
    for (const accessory of Object.values(record(record(app).accessories))) {
      const module = record(accessory).module;
      if (typeof module === 'string') names.push(module);
    }
  }
  return names;
}
