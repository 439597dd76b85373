/**
 * `config get|list|set|unset`: KusionStack Kusion's command over `$KUSION_HOME/config.yaml`, with
 * Kusion's keys: `backends.current`, `backends.<name>` (a whole backend, as JSON),
 * `backends.<name>.type`, `backends.<name>.configs` (JSON) and `backends.<name>.configs.<item>`.
 * The file keeps its comments. Secret items (`accessKeySecret`, `credentials`, passwords) are
 * shown masked.
 */
import { mkdir, readFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { KusionError, SENSITIVE_MASK } from '@kusion/sdk';
import type { Document } from 'yaml';
import { yaml } from '../config/yaml-source.js';
import { KUSION_CONFIG_FILE } from '../release/backend-selection.js';
import { writeFileAtomic } from '../release/local-backend/atomic-file.js';
import { resolveKusionHome } from './engine-context.js';

const SECRET_ITEMS = /secret|password|credentials|token|connectionstring/i;
const BACKEND_TYPES = ['local', 's3', 'postgres', 'azure-blob', 'oss', 'google'];
const KEY_RULE =
  'backends.current, backends.<name>, backends.<name>.type, backends.<name>.configs or backends.<name>.configs.<item>';

export interface ConfigOptions {
  readonly kusionHome?: string | undefined;
}

/** Every item set, flattened to Kusion's keys, secrets masked. */
export async function listConfig(options: ConfigOptions = {}): Promise<Record<string, unknown>> {
  const { document } = await openConfig(options);
  const items: Record<string, unknown> = {};
  const backends = document.get('backends');
  const value = yaml().isMap(backends) ? (backends.toJSON() as Record<string, unknown>) : {};
  for (const [name, backend] of Object.entries(value)) {
    if (name === 'current') {
      items['backends.current'] = backend;
      continue;
    }
    const entry = (backend ?? {}) as { type?: unknown; configs?: Record<string, unknown> };
    if (entry.type !== undefined) items[`backends.${name}.type`] = entry.type;
    for (const [item, setting] of Object.entries(entry.configs ?? {}))
      items[`backends.${name}.configs.${item}`] = masked(item, setting);
  }
  return items;
}

/** One item; a whole backend or its configs as an object. Undefined when unset. */
export async function getConfig(key: string, options: ConfigOptions = {}): Promise<unknown> {
  const path = parseKey(key);
  const { document } = await openConfig(options);
  const node: unknown = document.getIn(path);
  const value =
    node !== null && typeof node === 'object' && 'toJSON' in node
      ? (node as { toJSON(): unknown }).toJSON()
      : node;
  return maskDeep(path.at(-1) ?? '', value);
}

/** Sets one item; objects (`backends.<name>`, `...configs`) are given as JSON. */
export async function setConfig(
  key: string,
  text: string,
  options: ConfigOptions = {},
): Promise<void> {
  const path = parseKey(key);
  const value = parseValue(key, path, text);
  const { document, file } = await openConfig(options);
  document.setIn(path, value);
  await saveConfig(file, document);
}

/** Removes one item; removing `backends.<name>` that is current also clears `backends.current`. */
export async function unsetConfig(key: string, options: ConfigOptions = {}): Promise<void> {
  const path = parseKey(key);
  const { document, file } = await openConfig(options);
  if (!document.hasIn(path)) {
    throw new KusionError('INVALID_ARGUMENT', `config item ${key} is not set`, {
      hint: 'see what is set with `kusion config list`',
    });
  }
  document.deleteIn(path);
  if (path.length === 2 && document.getIn(['backends', 'current']) === path[1])
    document.deleteIn(['backends', 'current']);
  await saveConfig(file, document);
}

function parseKey(key: string): string[] {
  const parts = key.split('.');
  const [root, name, field, item, ...rest] = parts;
  const isValid =
    root === 'backends' &&
    name !== undefined &&
    name !== '' &&
    (name === 'current'
      ? field === undefined
      : field === undefined ||
        (field === 'type' && item === undefined) ||
        (field === 'configs' && (item === undefined || (item !== '' && rest.length === 0))));
  if (!isValid) {
    throw new KusionError('INVALID_ARGUMENT', `unknown config item ${JSON.stringify(key)}`, {
      hint: `config items are ${KEY_RULE}`,
    });
  }
  return parts;
}

function parseValue(key: string, path: readonly string[], text: string): unknown {
  const isObject =
    path.length === 2 && path[1] !== 'current' ? true : path.length === 3 && path[2] === 'configs';
  if (!isObject) {
    if (path[2] === 'type' && !BACKEND_TYPES.includes(text)) {
      throw new KusionError(
        'INVALID_ARGUMENT',
        `invalid backend type ${JSON.stringify(text)} for ${key}`,
        {
          hint: `one of ${BACKEND_TYPES.join(', ')} (a plugin backend's type also works once installed)`,
        },
      );
    }
    if (text === '')
      throw new KusionError('INVALID_ARGUMENT', `empty value for ${key}`, {
        hint: `use \`kusion config unset ${key}\` to remove it`,
      });
    return path[3] === 'forcePathStyle' ? text === 'true' : text;
  }
  try {
    const value: unknown = JSON.parse(text);
    if (value !== null && typeof value === 'object' && !Array.isArray(value)) return value;
  } catch {
    // reported below with what is expected
  }
  throw new KusionError(
    'INVALID_ARGUMENT',
    `${key} takes a JSON object, received ${JSON.stringify(text.slice(0, 40))}`,
    {
      hint:
        path.length === 2
          ? `e.g. kusion config set ${key} '{"type":"s3","configs":{"bucket":"kusion"}}'`
          : `e.g. kusion config set ${key} '{"bucket":"kusion"}'`,
    },
  );
}

async function openConfig(options: ConfigOptions): Promise<{ document: Document; file: string }> {
  const file = join(resolveKusionHome(options.kusionHome), KUSION_CONFIG_FILE);
  let text = '';
  try {
    text = await readFile(file, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
  }
  const document = yaml().parseDocument(text);
  if (document.errors.length) {
    const [first] = document.errors;
    throw new KusionError('CONFIG_INVALID', `${file}: ${first?.message ?? 'invalid YAML'}`, {
      hint: 'fix the YAML by hand, or move the file away',
    });
  }
  return { document, file };
}

async function saveConfig(file: string, document: Document): Promise<void> {
  await mkdir(dirname(file), { recursive: true });
  // Written atomically and readable by its owner only (FILE_MODE): it may hold credentials.
  await writeFileAtomic(file, document.toString());
}

function masked(item: string, value: unknown): unknown {
  return SECRET_ITEMS.test(item) && value !== undefined && value !== null ? SENSITIVE_MASK : value;
}

function maskDeep(item: string, value: unknown): unknown {
  if (value === null || typeof value !== 'object' || Array.isArray(value))
    return masked(item, value);
  return Object.fromEntries(
    Object.entries(value as Record<string, unknown>).map(([key, inner]) => [
      key,
      maskDeep(key, inner),
    ]),
  );
}
