import { readdir } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { COMMANDS } from './commands.js';

const commandsDir = fileURLToPath(new URL('./commands/', import.meta.url));

describe('COMMANDS (oclif explicit discovery)', () => {
  it('lists every command file of src/commands under its oclif id, and nothing else', async () => {
    const files = (await readdir(commandsDir, { recursive: true }))
      .filter((file) => file.endsWith('.ts') && !file.endsWith('.test.ts'))
      .map((file) =>
        file
          .replace(/\.ts$/, '')
          .replace(/(^|\/)index$/, '')
          .replaceAll('/', ':'),
      );
    expect(Object.keys(COMMANDS).sort()).toEqual(files.sort());
  });
});
