import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { describe, expect, it } from 'vitest';
import { compileSchemaModule } from './schema-compiler.js';

describe('compiled schemas', () => {
  it('validate exactly like the run-time compiled ones, with no run-time dependency', async () => {
    const code = await compileSchemaModule();
    expect(code).not.toMatch(/require\(/);
    const file = join(await mkdtemp(join(tmpdir(), 'schemas-')), 'compiled.mjs');
    await writeFile(file, code);
    const compiled = (await import(pathToFileURL(file).href)) as Record<
      string,
      ((v: unknown) => boolean) & { errors?: { instancePath: string }[] }
    >;
    const stack = compiled.stack_configuration;
    expect(stack?.({ resources: [{ id: 'a', type: 'T', attributes: {} }] })).toBe(true);
    expect(stack?.({ resources: [{ id: 'a', tpye: 'T', attributes: {} }] })).toBe(false);
    expect(stack?.errors?.length).toBeGreaterThan(0);
    expect(
      compiled.workspace?.({ providers: { test: { package: '@kusion/testkit', dir: '.' } } }),
    ).toBe(true);
    expect(compiled.spec?.({ resources: null, context: {} })).toBe(true);
  });
});
