#!/usr/bin/env node
import { execute, settings } from '@oclif/core';

// We ship compiled JavaScript: never let oclif look for TypeScript sources, whatever NODE_ENV says.
settings.enableAutoTranspile = false;

await execute({ dir: import.meta.url });
