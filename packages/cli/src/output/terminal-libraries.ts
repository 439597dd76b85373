/**
 * The libraries only output for a person needs — fitting text to a width, the live region, tables,
 * YAML — loaded on first use. A `--json` run never loads them. Loaded with `require` (Node ≥ 22.12 requires ES
 * modules) because renderers are called from the engine's synchronous notifications, so they
 * cannot `await import()`; the bundle (scripts/bundle.ts) leaves these packages external.
 */
import { createRequire } from 'node:module';
import type Table from 'cli-table3';
import type CliTruncate from 'cli-truncate';
import type * as LogUpdate from 'log-update';
import type StringWidth from 'string-width';
import type * as Yaml from 'yaml';

const requireHere = createRequire(import.meta.url);

interface DefaultExport<T> {
  readonly default: T;
}

export const truncate: typeof CliTruncate = (text, columns, options) =>
  (requireHere('cli-truncate') as DefaultExport<typeof CliTruncate>).default(
    text,
    columns,
    options,
  );

export const textWidth: typeof StringWidth = (text, options) =>
  (requireHere('string-width') as DefaultExport<typeof StringWidth>).default(text, options);

export const createLogUpdate: typeof LogUpdate.createLogUpdate = (stream, options) =>
  (requireHere('log-update') as typeof LogUpdate).createLogUpdate(stream, options);

export function createTable(options: Table.TableConstructorOptions): Table.Table {
  const TableClass = requireHere('cli-table3') as typeof Table;
  return new TableClass(options);
}

export function toYaml(value: unknown): string {
  return (requireHere('yaml') as typeof Yaml).stringify(value);
}
