import { describe, expect, it } from 'vitest';
import { describeConflicts, parseConflicts } from './conflicts.js';

describe('server-side apply conflicts', () => {
  it('groups the Status causes by field manager and names the fields', () => {
    const conflicts = parseConflicts([
      {
        reason: 'FieldManagerConflict',
        message: 'conflict with "kubectl-edit" using apps/v1',
        field: '.spec.replicas',
      },
      { reason: 'FieldManagerConflict', message: 'conflict with "helm"', field: '.data.a' },
      { reason: 'FieldManagerConflict', message: 'conflict with "helm"', field: '.data.b' },
      { reason: 'SomethingElse', message: 'ignored', field: '.x' },
    ]);
    expect(conflicts).toEqual([
      { manager: 'kubectl-edit', apiVersion: 'apps/v1', fields: ['spec.replicas'] },
      { manager: 'helm', apiVersion: undefined, fields: ['data.a', 'data.b'] },
    ]);
    expect(describeConflicts(conflicts)).toBe(
      'conflict with another field manager: field manager "kubectl-edit" owns spec.replicas; "helm" owns data.a, data.b',
    );
  });
});
