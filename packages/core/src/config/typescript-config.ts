/**
 * Loading a stack's `main.ts` with tsx (esbuild underneath) rather than a hand-written transpiler.
 * Imports resolve from the file's own folder, so `@kusion/sdk` comes from the user's node_modules,
 * and from the engine's own installation when the project has none (see sdk-fallback.ts).
 */
import { isAbsolute } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { ConfigError, type Diagnostic } from '@kusion/sdk';
import { displayPath } from './display-path.js';
import { registerSdkFallback } from './sdk-fallback.js';

/**
 * The default export of a TypeScript file. Throws a `ConfigError` naming the file (and the line,
 * when the error gives it) if the file does not compile, throws while running, or exports nothing.
 */
export async function importDefaultExport(path: string): Promise<unknown> {
  // tsx registers loader hooks: pay for it only when a stack is written in TypeScript.
  const { tsImport } = await import('tsx/esm/api');
  registerSdkFallback();
  let namespace: unknown;
  try {
    namespace = await tsImport(pathToFileURL(path).href, import.meta.url);
  } catch (error) {
    throw loadFailure(path, error);
  }
  const exported = defaultExport(namespace);
  if (exported === undefined) {
    throw new ConfigError([{ file: displayPath(path), message: 'has no default export' }], {
      hint: 'end the file with `export default defineStack({ ... })`',
    });
  }
  return exported;
}

function defaultExport(namespace: unknown): unknown {
  const exported = property(namespace, 'default');
  // Outside a `"type": "module"` package tsx compiles to CommonJS, and the ES default export
  // arrives wrapped: `{ __esModule: true, default: ... }`.
  return property(exported, '__esModule') === true ? property(exported, 'default') : exported;
}

/** esbuild reports `Transform failed with 1 error:\n<file>:<line>:<column>: ERROR: <text>`. */
const ESBUILD_ERROR = /^(.+?):(\d+):(\d+): ERROR: (.*)$/gm;

function loadFailure(path: string, error: unknown): ConfigError {
  const message = error instanceof Error ? error.message : String(error);
  const syntaxErrors = [...message.matchAll(ESBUILD_ERROR)].map(
    ([, file = path, line, column, text = message]): Diagnostic => ({
      file: displayPath(file),
      line: Number(line),
      // esbuild counts columns from 0.
      column: Number(column) + 1,
      message: text,
    }),
  );
  if (syntaxErrors.length > 0) return new ConfigError(syntaxErrors, { cause: error });

  const position = error instanceof Error ? positionInStack(error.stack, path) : undefined;
  const missing = missingModule(error);
  if (missing !== undefined) {
    // One line instead of Node's `Cannot find module` and its `Require stack`.
    return new ConfigError(
      [
        {
          file: displayPath(path),
          ...position,
          message: `cannot find module ${JSON.stringify(missing.shown)}`,
        },
      ],
      {
        cause: error,
        hint:
          missing.packageName === undefined
            ? `fix the import path (relative to ${displayPath(path)})`
            : `install it in the project: npm install ${missing.packageName}`,
      },
    );
  }
  return new ConfigError(
    [{ file: displayPath(path), ...position, message: `failed to load: ${message}` }],
    {
      cause: error,
    },
  );
}

/** What Node could not find, from either loader's error: a package, or a file by its path. */
function missingModule(
  error: unknown,
): { readonly shown: string; readonly packageName?: string } | undefined {
  const code = property(error, 'code');
  if (code !== 'ERR_MODULE_NOT_FOUND' && code !== 'MODULE_NOT_FOUND') return undefined;
  const message = error instanceof Error ? error.message : '';
  const specifier =
    /Cannot find (?:module|package) '([^']+)'/.exec(message)?.[1] ?? message.split('\n')[0] ?? '';
  // Node names a missing relative import by its absolute path: show it as the user's other paths.
  if (specifier.startsWith('file:')) return { shown: displayPath(fileURLToPath(specifier)) };
  if (isAbsolute(specifier) || specifier.startsWith('.'))
    return { shown: isAbsolute(specifier) ? displayPath(specifier) : specifier };
  return { shown: specifier, packageName: packageNameOf(specifier) };
}

/** `@scope/name/sub` → `@scope/name`; `name/sub` → `name`. */
function packageNameOf(specifier: string): string {
  const parts = specifier.split('/');
  return specifier.startsWith('@') ? parts.slice(0, 2).join('/') : (parts[0] ?? specifier);
}

/** The first stack frame in `path` (tsx maps it back to the TypeScript source). */
function positionInStack(
  stack: string | undefined,
  path: string,
): { line: number; column: number } | undefined {
  if (stack === undefined) return undefined;
  for (const prefix of [pathToFileURL(path).href, path]) {
    const frame = new RegExp(`${escapeRegExp(prefix)}(?:\\?[^:\\s)]*)?:(\\d+):(\\d+)`).exec(stack);
    if (frame) return { line: Number(frame[1]), column: Number(frame[2]) };
  }
  return undefined;
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

function property(value: unknown, key: string): unknown {
  return typeof value === 'object' && value !== null
    ? (value as Record<string, unknown>)[key]
    : undefined;
}
