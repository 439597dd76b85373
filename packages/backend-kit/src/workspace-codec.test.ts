import { describe, expect, it } from 'vitest';
import {
  parseCurrentWorkspace,
  serializeCurrentWorkspace,
  workspaceFromDocument,
} from './workspace-codec.js';
import { workspaceExistsError, workspaceNotFoundError } from './workspace-errors.js';

describe('workspaceFromDocument', () => {
  it('takes the name from the record, not from the document', () => {
    expect(
      workspaceFromDocument({ name: 'renamed', context: { a: 1 } }, 'dev.yaml', 'dev'),
    ).toEqual({ name: 'dev', context: { a: 1 } });
  });

  it.each([null, 'text', [1, 2]])('refuses %j, naming the record', (document) => {
    expect(() => workspaceFromDocument(document, 's3://b/workspaces/dev.yaml', 'dev')).toThrow(
      expect.objectContaining({
        code: 'CONFIG_INVALID',
        diagnostics: [expect.objectContaining({ file: 's3://b/workspaces/dev.yaml' })],
        hint: expect.stringContaining('kusion workspace update dev'),
      }),
    );
  });
});

describe('the current-workspace selection', () => {
  it('is the name on a line of its own', () => {
    expect(serializeCurrentWorkspace('dev')).toBe('dev\n');
    expect(parseCurrentWorkspace('dev\n', 'current-workspace')).toBe('dev');
    expect(parseCurrentWorkspace(undefined, 'current-workspace')).toBeUndefined();
    expect(parseCurrentWorkspace(' \n', 'current-workspace')).toBeUndefined();
  });

  it('fails with STATE_CORRUPT for a name no workspace could have', () => {
    expect(() => parseCurrentWorkspace('../etc\n', '/home/ana/.kusion/current-workspace')).toThrow(
      expect.objectContaining({
        code: 'STATE_CORRUPT',
        message: '/home/ana/.kusion/current-workspace holds an invalid workspace name "../etc"',
        hint: expect.stringContaining('kusion workspace switch'),
      }),
    );
  });
});

describe('workspace errors', () => {
  it('list the names that exist', () => {
    expect(workspaceNotFoundError('qa', ['dev', 'prod']).hint).toContain(
      'Existing workspaces: dev, prod.',
    );
    expect(workspaceNotFoundError('qa', []).hint).toContain('No workspace exists yet.');
    expect(workspaceExistsError('dev', ['dev'])).toMatchObject({
      code: 'WORKSPACE_EXISTS',
      message: 'workspace "dev" already exists',
      hint: expect.stringContaining('taken: dev'),
    });
  });
});
