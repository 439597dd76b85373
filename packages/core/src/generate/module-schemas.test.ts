import { isKusionError } from '@kusion/sdk';
import { describe, expect, it } from 'vitest';
import { validateAgainst } from './module-schemas.js';

const strict = {
  type: 'object',
  additionalProperties: false,
  required: ['engine'],
  properties: { engine: { enum: ['postgres'] }, size: { type: 'integer' } },
};

describe('validateAgainst (module schemas compiled at run time)', () => {
  it("reports wrong types, unknown keys and missing keys in the engine's words", async () => {
    expect(
      await validateAgainst({ schema: strict, owner: 'module db' }, { size: 'big', sise: 1 }),
    ).toEqual([
      { path: [], message: 'missing required property "engine"' },
      {
        path: ['sise'],
        message: 'unknown property "sise" (did you mean "size"?); allowed: engine, size',
      },
      { path: ['size'], message: 'must be an integer, received "big"' },
    ]);
  });

  it('accepts the keys the engine owns where the schema forbids unknown keys', async () => {
    const check = { schema: strict, owner: 'module db', engineKeys: ['module'] };
    expect(await validateAgainst(check, { module: 'db', engine: 'postgres' })).toEqual([]);
    expect(await validateAgainst(check, { module: 'db', engine: 'postgres', x: 1 })).toHaveLength(
      1,
    );
  });

  it('compiles draft 2020-12 schemas, and names a module whose schema does not compile', async () => {
    const schema2020 = {
      $schema: 'https://json-schema.org/draft/2020-12/schema',
      type: 'object',
      properties: { ports: { type: 'array', prefixItems: [{ type: 'integer' }] } },
    };
    expect(
      await validateAgainst({ schema: schema2020, owner: 'module net' }, { ports: ['80'] }),
    ).toEqual([{ path: ['ports', 0], message: 'must be an integer, received "80"' }]);
    const error = await validateAgainst(
      { schema: { type: 'wobbly' }, owner: 'module bad (schemas.app)' },
      {},
    ).catch((e: unknown) => e);
    expect(isKusionError(error) && error.code).toBe('PLUGIN_LOAD_FAILED');
    expect((error as Error).message).toMatch(/^module bad \(schemas\.app\) is not a JSON Schema/);
  });
});
