/**
 * The entry of the bundle (`dist/kusion.mjs`, built by scripts/bundle.ts): what bin/run.js runs,
 * and the commands oclif loads from it.
 */
export { COMMANDS } from './commands.js';
export { main } from './main.js';
