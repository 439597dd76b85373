import { describe, expect, it } from 'vitest';
import { describeOwnershipChange } from './ownership-change.js';

const entry = (manager: string, operation: string, fieldsV1: Record<string, unknown>) => ({
  manager,
  operation,
  apiVersion: 'v1',
  fieldsType: 'FieldsV1',
  fieldsV1,
});
const configMap = (...managedFields: ReturnType<typeof entry>[]) => ({
  apiVersion: 'v1',
  kind: 'ConfigMap',
  metadata: { name: 'settings', namespace: 'owners', managedFields },
  data: { mode: 'green', size: 'small' },
});

describe('ownership changes an apply would make', () => {
  it('none when Kusion owns the same fields before and after', () => {
    const fields = { 'f:data': { 'f:mode': {}, 'f:size': {} } };
    expect(
      describeOwnershipChange(
        configMap(entry('kusion', 'Apply', fields)),
        configMap(entry('kusion', 'Apply', fields)),
      ),
    ).toBeUndefined();
  });

  it('names the fields Kusion takes and the manager that set them', () => {
    const live = configMap(
      entry('kusion', 'Apply', { 'f:data': { 'f:size': {} } }),
      entry('kubectl-patch', 'Update', { 'f:data': { 'f:mode': {} } }),
    );
    const applied = configMap(
      entry('kusion', 'Apply', { 'f:data': { 'f:mode': {}, 'f:size': {} } }),
    );
    expect(describeOwnershipChange(live, applied)).toBe(
      'field ownership changes: Kusion takes ownership of data.mode (set by "kubectl-patch")',
    );
  });

  it('names fields Kusion lets go of, and list items by their keys', () => {
    const live = configMap(
      entry('kusion', 'Apply', {
        'f:spec': { 'f:containers': { 'k:{"name":"web"}': { '.': {}, 'f:image': {} } } },
        'f:data': { 'f:mode': {} },
      }),
    );
    const applied = configMap(entry('kusion', 'Apply', { 'f:data': { 'f:mode': {} } }));
    expect(describeOwnershipChange(live, applied)).toBe(
      'field ownership changes: Kusion releases spec.containers[name=web].image',
    );
  });

  it("none for fields KusionStack Kusion's Go runtime wrote as kusion (operation Update)", () => {
    const kusionGo = entry('kusion', 'Update', { 'f:data': { 'f:mode': {}, 'f:size': {} } });
    const applied = configMap(
      kusionGo,
      entry('kusion', 'Apply', { 'f:data': { 'f:mode': {}, 'f:size': {} } }),
    );
    expect(describeOwnershipChange(configMap(kusionGo), applied)).toBeUndefined();
  });

  it('an object Kusion never applied: everything it sets is taken', () => {
    const live = configMap(
      entry('kubectl-client-side-apply', 'Update', { 'f:data': { 'f:mode': {}, 'f:size': {} } }),
    );
    const applied = configMap(
      entry('kusion', 'Apply', { 'f:data': { 'f:mode': {}, 'f:size': {} } }),
    );
    expect(describeOwnershipChange(live, applied)).toBe(
      'field ownership changes: Kusion takes ownership of data.mode, data.size (set by "kubectl-client-side-apply")',
    );
  });
});
