/**
 * A YAML document KusionStack Kusion wrote (gopkg.in/yaml.v3), read but never written back: a
 * release, or the `.metadata.yml` of its releases or workspaces. Damage is reported naming the
 * record; nothing is guessed.
 */
import type * as JsYaml from 'js-yaml';
import { KusionError } from '@kusion/sdk';
import type { StoredRecordPlace } from './stored-record.js';

/** The file Kusion keeps next to its releases and its workspaces, in every backend. */
export const KUSION_METADATA_NAME = '.metadata.yml';

export function kusionCorruptError(
  place: StoredRecordPlace,
  problem: string,
  cause?: unknown,
): KusionError {
  return new KusionError(
    'STATE_CORRUPT',
    `${place.where} (written by KusionStack Kusion) is unreadable: ${problem}`,
    {
      ...(cause === undefined ? {} : { cause }),
      hint: `Restore it ${place.restoreFrom}, or move it away to leave Kusion's history behind; kusion never writes it.`,
    },
  );
}

let jsYamlLibrary: Promise<typeof JsYaml> | undefined;
/**
 * Loaded on first use, so a CLI run that meets no Kusion file never loads it. js-yaml rather than
 * the `yaml` of our own records: a Kusion release holds a whole state, which it parses several
 * times faster.
 */
const jsYaml = (): Promise<typeof JsYaml> => (jsYamlLibrary ??= import('js-yaml'));

/** The mapping a Kusion file holds; an empty file is an empty mapping, as Kusion reads it. */
export async function parseKusionDocument(
  text: string,
  place: StoredRecordPlace,
): Promise<Record<string, unknown>> {
  // Kusion reads an empty metadata file as empty (`len(content) == 0`), as yaml.v3 does.
  if (text.trim() === '') return {};
  const { load } = await jsYaml();
  let value: unknown;
  try {
    value = load(text);
  } catch (error) {
    throw kusionCorruptError(place, `not valid YAML (${(error as Error).message})`, error);
  }
  if (value === undefined || value === null) return {};
  if (!isRecord(value)) throw kusionCorruptError(place, 'not a YAML mapping');
  return value;
}

export function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
