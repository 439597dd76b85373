/** What a workspace store answers for a missing or taken name, with the names that do exist. */
import { KusionError } from '@kusion/sdk';

export function workspaceNotFoundError(name: string, existing: readonly string[]): KusionError {
  return new KusionError('WORKSPACE_NOT_FOUND', `workspace "${name}" does not exist`, {
    hint: existing.length
      ? `Existing workspaces: ${existing.join(', ')}. Create it with \`kusion workspace create ${name} -f <file>\`.`
      : `No workspace exists yet. Create one with \`kusion workspace create ${name} -f <file>\`.`,
  });
}

export function workspaceExistsError(name: string, taken: readonly string[]): KusionError {
  return new KusionError('WORKSPACE_EXISTS', `workspace "${name}" already exists`, {
    hint: `Change it with \`kusion workspace update ${name} -f <file>\`, or choose another name (taken: ${taken.join(', ')}).`,
  });
}
