/**
 * What a stored workspace and the current-workspace selection hold once read. Each backend parses
 * the YAML itself (to report syntax errors its own way); what the document must then be is shared.
 */
import { ConfigError, KusionError } from '@kusion/sdk';
import type { Workspace } from '@kusion/sdk';
import { assertWorkspaceName } from './path-segment.js';

/**
 * The workspace a parsed YAML document describes. The record's name is its identity: a file
 * renamed (or an object copied) by hand is that workspace, whatever `name` it holds.
 */
export function workspaceFromDocument(document: unknown, where: string, name: string): Workspace {
  if (typeof document !== 'object' || document === null || Array.isArray(document)) {
    throw new ConfigError([{ message: 'a workspace must be a mapping', file: where }], {
      hint: `Recreate it with \`kusion workspace update ${name} -f <file>\`.`,
    });
  }
  return { ...(document as Workspace), name };
}

/** The selection record: the name and a newline. */
export function serializeCurrentWorkspace(name: string): string {
  return `${name}\n`;
}

/**
 * The selected workspace in the selection record at `where`, or `undefined` when there is none or
 * it is blank; fails with `STATE_CORRUPT` for a name no workspace could have.
 */
export function parseCurrentWorkspace(text: string | undefined, where: string): string | undefined {
  const name = text?.trim();
  if (name === undefined || name === '') return undefined;
  try {
    return assertWorkspaceName(name);
  } catch (error) {
    throw new KusionError(
      'STATE_CORRUPT',
      `${where} holds an invalid workspace name ${JSON.stringify(name)}`,
      { cause: error, hint: 'Select a workspace again with `kusion workspace switch <name>`.' },
    );
  }
}
