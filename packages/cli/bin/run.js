#!/usr/bin/env node
import module from 'node:module';

// V8 keeps the compiled code of the CLI and its dependencies between runs (in the OS temp dir):
// about 40 ms less start-up for every command. Before any other import, so they all benefit.
module.enableCompileCache?.();

const { execute, settings } = await import('@oclif/core');

// We ship compiled JavaScript: never let oclif look for TypeScript sources, whatever NODE_ENV says.
settings.enableAutoTranspile = false;

await execute({ dir: import.meta.url });
