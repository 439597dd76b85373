import { describe, expect, it } from 'vitest';
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
