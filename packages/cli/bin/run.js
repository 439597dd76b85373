#!/usr/bin/env node
/* global process */
import module from 'node:module';

// V8 keeps the compiled code of the CLI and its dependencies between runs (in the OS temp dir):
// about 40 ms less start-up for every command. Before any other import, so they all benefit.
module.enableCompileCache?.();

const [{ settings }, { main }] = await Promise.all([
  import('@oclif/core'),
  import('../dist/main.js'),
]);

// We ship compiled JavaScript: never let oclif look for TypeScript sources, whatever NODE_ENV says.
settings.enableAutoTranspile = false;

await main(process.argv.slice(2), import.meta.url);
