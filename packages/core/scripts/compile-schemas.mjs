// Writes dist/config/compiled-schemas.js: the published schemas as standalone validators.
import { writeFile } from 'node:fs/promises';
import { URL } from 'node:url';
import { compileSchemaModule } from '../dist/config/schema-compiler.js';

await writeFile(
  new URL('../dist/config/compiled-schemas.js', import.meta.url),
  await compileSchemaModule(),
);
