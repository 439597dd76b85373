/**
 * What oclif loads before a command runs. oclif's own plugins (help, autocomplete, not-found) bring
 * the `help` and `autocomplete` commands and the "did you mean" of a mistyped one; loading them
 * (their package.json files and manifests, their commands sorted) costs every command ~15 ms. A
 * command line that names one of our commands and asks for no help runs without them.
 */
import { readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import type { Interfaces } from '@oclif/core';
import { COMMANDS } from './commands.js';

const HELP_FLAGS = new Set(['--help', '-h']);

/** `root` is bin/run.js's URL, as oclif takes it. */
export async function configOptions(
  argv: readonly string[],
  root: string,
): Promise<string | Interfaces.LoadOptions> {
  if (!namesOwnCommand(argv)) return root;
  const packageRoot = fileURLToPath(new URL('..', root));
  const pjson = JSON.parse(
    await readFile(`${packageRoot}package.json`, 'utf8'),
  ) as Interfaces.PJSON;
  return { root: packageRoot, pjson: { ...pjson, oclif: { ...pjson.oclif, plugins: [] } } };
}

export function namesOwnCommand(argv: readonly string[]): boolean {
  if (argv.some((arg) => HELP_FLAGS.has(arg))) return false;
  const firstFlag = argv.findIndex((arg) => arg.startsWith('-'));
  const words = argv.slice(0, firstFlag === -1 ? argv.length : firstFlag);
  for (let length = words.length; length >= 1; length--)
    if (Object.hasOwn(COMMANDS, words.slice(0, length).join(':'))) return true;
  return false;
}
