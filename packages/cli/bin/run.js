#!/usr/bin/env node
/* global process, URL */
import module from 'node:module';

// `kusion --version` answers as oclif would (`@kusion/cli/<version> <platform>-<arch> node-<v>`)
// without loading oclif: scripts call it often, and it should cost little more than Node itself.
if (process.argv.length === 3 && process.argv[2] === '--version') {
  const { readFileSync } = await import('node:fs');
  const { name, version } = JSON.parse(
    readFileSync(new URL('../package.json', import.meta.url), 'utf8'),
  );
  process.stdout.write(
    `${name}/${version} ${process.platform}-${process.arch} node-${process.version}\n`,
  );
  process.exit(0);
}

// V8 keeps the compiled code of the CLI and its dependencies between runs (in the OS temp dir):
// about 40 ms less start-up for every command. Before any other import, so they all benefit.
module.enableCompileCache?.();

// A reader that stops early (`kusion --help | head`) closes the pipe: stop quietly, as other
// command-line tools do, rather than leave writes pending and exit 13 with a warning.
process.stdout.on('error', (error) => {
  if (error.code !== 'EPIPE') throw error;
  process.exit(process.exitCode ?? 0);
});

// oclif checks the running Node against its own package's `engines` (not ours) on every start,
// loading semver to do it: ~15 ms of each command for a check that says nothing about kusion.
process.env.OCLIF_DISABLE_ENGINE_WARNING ??= '1';

// Stack traces name the TypeScript sources (the bundle's map embeds them); only with --debug,
// the one time a stack is shown, since reading the map costs every run that enables it.
if (process.argv.includes('--debug')) process.setSourceMapsEnabled(true);

// dist/kusion.mjs: the commands and the engine in one module (scripts/bundle.ts), so a command
// resolves and links one file; oclif finds the commands in it through its manifest.
const [{ settings }, { main }] = await Promise.all([
  import('@oclif/core'),
  import('../dist/kusion.mjs'),
]);

// We ship compiled JavaScript: never let oclif look for TypeScript sources, whatever NODE_ENV says.
settings.enableAutoTranspile = false;

await main(process.argv.slice(2), import.meta.url);
