/**
 * Every example a user can copy runs: those of every command's --help, and every `kusion …` line of
 * the README (a contract). Each is resolved to a command the way oclif does and parsed with that
 * command's real flags and arguments; what happens after parsing is the e2e tests' business.
 */
import { readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { Config, Parser } from '@oclif/core';
import { normalizeArgv } from '@oclif/core/help';
import { beforeAll, describe, expect, it } from 'vitest';
import { findCommandLineProblem } from './unknown-command.js';

const packageRoot = fileURLToPath(new URL('..', import.meta.url));
let config: Config;

beforeAll(async () => {
  config = await Config.load(packageRoot);
});

/** `kusion graph --format dot | dot -Tsvg > graph.svg` → ['graph', '--format', 'dot']. */
function argvOf(line: string): string[] {
  const command = line.split(/\s[|>#]|\s&&\s|;/)[0] ?? '';
  const words = command.trim().split(/\s+/);
  if (words[0] !== 'kusion') throw new Error(`not a kusion command line: ${line}`);
  return words.slice(1).map((word) => word.replace(/^(['"])(.*)\1$/, '$2'));
}

async function expectParses(line: string): Promise<void> {
  const argv = argvOf(line);
  expect(findCommandLineProblem(config, argv), line).toBeUndefined();
  if (argv.length === 0 || argv[0]?.startsWith('-')) return; // kusion --help, kusion --version
  const isHelp = argv.includes('--help') || argv.includes('-h'); // oclif answers before parsing
  const [id = '', ...rest] = normalizeArgv(config, [...argv]);
  if (config.findTopic(id) && !config.findCommand(id)) return; // kusion workspace: topic help
  const command = config.findCommand(id);
  expect(command, line).toBeDefined();
  if (isHelp) return;
  const loaded = await command!.load();
  await expect(
    Parser.parse(rest, {
      flags: { ...loaded.baseFlags, ...loaded.flags },
      args: loaded.args,
      strict: loaded.strict,
    }),
    line,
  ).resolves.toBeDefined();
}

describe('examples', () => {
  it('every command of kusion has examples, and each one parses', async () => {
    const ours = config.commands.filter((command) => command.pluginName === '@kusion/cli');
    expect(ours.length).toBeGreaterThanOrEqual(18);
    for (const command of ours) {
      const examples = (command.examples ?? []).map((example) =>
        typeof example === 'string' ? example : example.command,
      );
      expect(examples.length, `${command.id} has examples`).toBeGreaterThan(0);
      for (const example of examples)
        await expectParses(example.replaceAll('<%= config.bin %>', 'kusion'));
    }
    // Loads every command module: seconds on a busy two-core machine.
  }, 30_000);

  it('every `kusion …` the README shows parses', async () => {
    const readme = await readFile(new URL('../../../README.md', import.meta.url), 'utf8');
    const inCode = [...readme.matchAll(/`(kusion(?: [^`]*)?)`/g)].map((match) => match[1] ?? '');
    const inBlocks = [...readme.matchAll(/```(?:bash|sh|console)?\n([\s\S]*?)```/g)]
      .flatMap((block) => (block[1] ?? '').split('\n'))
      .map((line) => line.replace(/^\$ /, '').trim())
      .filter((line) => line.startsWith('kusion '));
    const lines = [...new Set([...inCode, ...inBlocks])].filter(
      (line) => !/[<[]/.test(line.split(' ')[1] ?? ''),
    );
    expect(lines.length).toBeGreaterThan(20);
    for (const line of lines) await expectParses(line);
  });
});
