import { describe, expect, it } from 'vitest';
import { assertWorkspaceName, lockScopeSegments, WORKSPACE_NAME_RULE } from './path-segment.js';
import { workspaceFileName, workspaceNamesIn } from './workspace-names.js';

describe('workspace names', () => {
  it('stores a workspace as <name>.yaml, refusing unsafe names', () => {
    expect(workspaceFileName('prod')).toBe('prod.yaml');
    expect(() => workspaceFileName('../prod')).toThrow(
      expect.objectContaining({ code: 'INVALID_ARGUMENT' }),
    );
  });

  it('lists the workspaces of a folder, sorted, skipping hidden and other files', () => {
    expect(workspaceNamesIn(['prod.yaml', '.prod.yaml.1f2e.tmp', 'notes.txt', 'dev.yaml'])).toEqual(
      ['dev', 'prod'],
    );
  });
});

describe('the workspace name rule', () => {
  it.each(['dev', 'prod-eu.1', 'team_a', 'A1', 'x'.repeat(63)])('accepts %j', (name) => {
    expect(workspaceFileName(name)).toBe(`${name}.yaml`);
    expect(assertWorkspaceName(name)).toBe(name);
  });

  it.each([
    ['my ws', 'it contains a space'],
    ['../x', 'it starts with "."'],
    ['-W', 'it starts with "-"'],
    ['prod/eu', 'it contains "/"'],
    ['prod$', 'it contains "$"'],
    ['', 'it is empty'],
    ['x'.repeat(64), 'it is longer than 63 characters'],
  ])('refuses %j (%s), saying exactly what is allowed', (name, problem) => {
    for (const check of [
      () => workspaceFileName(name),
      () => assertWorkspaceName(name),
      () => lockScopeSegments({ project: 'shop', workspace: name }),
    ]) {
      expect(check).toThrow(
        expect.objectContaining({
          code: 'INVALID_ARGUMENT',
          message: `invalid workspace name ${JSON.stringify(name)}: ${problem}`,
          hint: `A workspace name is ${WORKSPACE_NAME_RULE}.`,
        }),
      );
    }
  });
});
