/**
 * Type-checks a stack's `main.ts` with the TypeScript compiler API before it is loaded, so a type
 * error stops the run with `file:line:column` instead of deploying. The project's own
 * `tsconfig.json` is honoured when there is one; otherwise strict defaults that accept what tsx
 * runs (bundler-style resolution, `.js` specifiers of `.ts` files). `@kusion/sdk` resolves from
 * the project first, else from the engine's own installation, as at load time (sdk-fallback.ts).
 *
 * A check that passed is remembered under `$KUSION_HOME/cache/typecheck`, keyed by the file, with
 * the content hash of every file the program read: an unchanged configuration costs a few file
 * reads, not a compiler start.
 */
import { createHash } from 'node:crypto';
import { mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { ConfigError } from '@kusion/sdk';
import type { Diagnostic } from '@kusion/sdk';
import type * as TypeScriptModule from 'typescript';
import { displayPath } from './display-path.js';
import { resolveFromEngine } from './sdk-fallback.js';

export interface TypecheckRequest {
  /** Absolute path of `main.ts`. */
  readonly file: string;
  /** Where passed checks are remembered (`$KUSION_HOME/cache/typecheck`); none: always check. */
  readonly cacheDir?: string | undefined;
}

interface CacheRecord {
  readonly typescript: string;
  /** Every file the program read (the default library excepted), by absolute path: its hash. */
  readonly files: Readonly<Record<string, string>>;
}

/** The compiler API as `import('typescript')` gives it to an ES module (a CommonJS default). */
type Ts = typeof TypeScriptModule;

/** At most this many errors are listed; the rest are counted. */
const MAX_DIAGNOSTICS = 20;

export async function typecheckStackFile(request: TypecheckRequest): Promise<void> {
  const cacheFile = request.cacheDir
    ? join(request.cacheDir, `${sha256(request.file)}.json`)
    : undefined;
  if (cacheFile && (await isCached(cacheFile))) return;
  const ts = await loadTypescript();
  const program = createProgram(ts, request.file);
  const diagnostics = ts.getPreEmitDiagnostics(program);
  if (diagnostics.length) throw toConfigError(ts, diagnostics);
  if (cacheFile) await remember(ts, program, cacheFile);
}

/** The compiler, loaded only on a cache miss: it takes a good half second to start. */
async function loadTypescript(): Promise<Ts> {
  const imported = (await import('typescript')) as Ts & { readonly default?: Ts };
  return imported.default ?? imported;
}

function createProgram(ts: Ts, file: string): TypeScriptModule.Program {
  const options = compilerOptions(ts, file);
  const host = ts.createCompilerHost(options);
  const sdkTypes = engineSdkTypes();
  // The project's @kusion/sdk when it has one, the engine's otherwise: as tsx loads it.
  host.resolveModuleNameLiterals = (literals, containingFile, redirected, resolvedOptions) =>
    literals.map((literal) => {
      const name = literal.text;
      const found = ts.resolveModuleName(
        name,
        containingFile,
        resolvedOptions,
        host,
        undefined,
        redirected,
      );
      if (found.resolvedModule || sdkTypes === undefined) return found;
      if (name !== '@kusion/sdk') return found;
      return {
        resolvedModule: {
          resolvedFileName: sdkTypes,
          extension: ts.Extension.Dts,
          isExternalLibraryImport: true,
        },
      };
    });
  return ts.createProgram({ rootNames: [file], options, host });
}

/** The project's tsconfig.json (nearest above `main.ts`) if any, with checking forced on. */
function compilerOptions(ts: Ts, file: string): TypeScriptModule.CompilerOptions {
  const defaults: TypeScriptModule.CompilerOptions = {
    strict: true,
    target: ts.ScriptTarget.ES2022,
    module: ts.ModuleKind.ESNext,
    moduleResolution: ts.ModuleResolutionKind.Bundler,
    allowImportingTsExtensions: true,
    esModuleInterop: true,
    resolveJsonModule: true,
    skipLibCheck: true,
  };
  const configFile = ts.findConfigFile(dirname(file), (path) => ts.sys.fileExists(path));
  let options = defaults;
  if (configFile) {
    const read = ts.readConfigFile(configFile, (path) => ts.sys.readFile(path));
    if (!read.error) {
      options = ts.parseJsonConfigFileContent(read.config, ts.sys, dirname(configFile)).options;
    }
  }
  return { ...options, noEmit: true, allowImportingTsExtensions: true, skipLibCheck: true };
}

/** The `.d.ts` of the engine's own @kusion/sdk, or undefined when it cannot be found. */
function engineSdkTypes(): string | undefined {
  try {
    const entry = fileURLToPath(resolveFromEngine('@kusion/sdk', ['import']));
    return entry.replace(/\.js$/, '.d.ts');
  } catch {
    return undefined;
  }
}

function toConfigError(ts: Ts, diagnostics: readonly TypeScriptModule.Diagnostic[]): ConfigError {
  let hint =
    'fix the type errors (run `tsc --noEmit` in the project to see them in your editor), or pass --no-typecheck to skip the check';
  const shown: Diagnostic[] = diagnostics.slice(0, MAX_DIAGNOSTICS).map((diagnostic) => {
    const message = ts.flattenDiagnosticMessageText(diagnostic.messageText, ' ');
    let text = `TS${diagnostic.code}: ${message}`;
    // The one error a user fixes with a command rather than an edit: say which.
    const missing = /^Cannot find module '([^']+)'/.exec(message)?.[1];
    if (diagnostic.code === MODULE_NOT_FOUND && missing !== undefined) {
      text = `cannot find module ${JSON.stringify(missing)}`;
      if (!missing.startsWith('.') && !missing.startsWith('/'))
        hint = `install it in the project: npm install ${packageNameOf(missing)}`;
      else hint = 'fix the import path (relative to the file that imports it)';
    }
    if (!diagnostic.file || diagnostic.start === undefined) return { message: text };
    const { line, character } = diagnostic.file.getLineAndCharacterOfPosition(diagnostic.start);
    return {
      file: displayPath(diagnostic.file.fileName),
      line: line + 1,
      column: character + 1,
      message: text,
    };
  });
  const hidden = diagnostics.length - shown.length;
  if (hidden > 0) shown.push({ message: `and ${hidden} more type errors` });
  return new ConfigError(shown, { hint });
}

/** TS2307: Cannot find module '…' or its corresponding type declarations. */
const MODULE_NOT_FOUND = 2307;

/** `@scope/name/sub` → `@scope/name`; `name/sub` → `name`. */
function packageNameOf(specifier: string): string {
  const parts = specifier.split('/');
  return specifier.startsWith('@') ? parts.slice(0, 2).join('/') : (parts[0] ?? specifier);
}

async function isCached(cacheFile: string): Promise<boolean> {
  let record: CacheRecord;
  try {
    record = JSON.parse(await readFile(cacheFile, 'utf8')) as CacheRecord;
  } catch {
    return false;
  }
  const ts = await typescriptVersion();
  if (record.typescript !== ts) return false;
  for (const [file, hash] of Object.entries(record.files)) {
    const text = await readFile(file).catch(() => undefined);
    if (text === undefined || sha256(text) !== hash) return false;
  }
  return true;
}

/** The version of the compiler the engine would start, without starting it. */
async function typescriptVersion(): Promise<string | undefined> {
  try {
    const manifest = new URL('../package.json', resolveFromEngine('typescript', ['import']));
    return (JSON.parse(await readFile(manifest, 'utf8')) as { version?: string }).version;
  } catch {
    return undefined;
  }
}

async function remember(
  ts: Ts,
  program: TypeScriptModule.Program,
  cacheFile: string,
): Promise<void> {
  const files: Record<string, string> = {};
  for (const source of program.getSourceFiles()) {
    if (program.isSourceFileDefaultLibrary(source)) continue;
    files[source.fileName] = sha256(await readFile(source.fileName));
  }
  const record: CacheRecord = { typescript: ts.version, files };
  // A cache is an optimisation: a write that fails (read-only home) only costs the next check.
  try {
    await mkdir(dirname(cacheFile), { recursive: true, mode: 0o700 });
    const temporary = `${cacheFile}.${process.pid}.tmp`;
    await writeFile(temporary, JSON.stringify(record), { mode: 0o600 });
    await rename(temporary, cacheFile);
  } catch {
    /* the next run checks again */
  }
}

function sha256(data: string | Uint8Array): string {
  return createHash('sha256').update(data).digest('hex');
}
