import { describe, expect, it } from 'vitest';
import { isUnchangedByApply } from './unchanged-shortcut.js';

const body = {
  apiVersion: 'apps/v1',
  kind: 'Deployment',
  metadata: { name: 'web', namespace: 'prod' },
  spec: {
    replicas: 2,
    template: {
      spec: {
        containers: [
          { name: 'web', image: 'nginx:1', ports: [{ containerPort: 80, protocol: 'TCP' }] },
        ],
      },
    },
  },
};
const owned = {
  'f:spec': {
    'f:replicas': {},
    'f:template': {
      'f:spec': {
        'f:containers': {
          'k:{"name":"web"}': {
            '.': {},
            'f:image': {},
            'f:name': {},
            'f:ports': {
              'k:{"containerPort":80,"protocol":"TCP"}': {
                '.': {},
                'f:containerPort': {},
                'f:protocol': {},
              },
            },
          },
        },
      },
    },
  },
};
const live = (fields: Record<string, unknown>, changes: Record<string, unknown> = {}) => ({
  ...body,
  metadata: {
    ...body.metadata,
    uid: 'u',
    managedFields: [
      {
        manager: 'kusion',
        operation: 'Apply',
        apiVersion: 'apps/v1',
        fieldsType: 'FieldsV1',
        fieldsV1: fields,
      },
      {
        manager: 'kube-controller-manager',
        operation: 'Update',
        apiVersion: 'apps/v1',
        fieldsType: 'FieldsV1',
        fieldsV1: { 'f:status': {} },
      },
    ],
  },
  spec: {
    ...body.spec,
    revisionHistoryLimit: 10,
    template: {
      spec: {
        containers: [{ ...body.spec.template.spec.containers[0], imagePullPolicy: 'IfNotPresent' }],
      },
    },
  },
  status: { replicas: 2 },
  ...changes,
});

describe('planning an unchanged object without a dry run', () => {
  it('is unchanged when every value is live and every owned field is still in the manifest', () => {
    expect(isUnchangedByApply(body, live(owned))).toBe(true);
  });

  it('is changed when a value differs', () => {
    expect(isUnchangedByApply({ ...body, spec: { ...body.spec, replicas: 3 } }, live(owned))).toBe(
      false,
    );
  });

  it('is changed when the manifest no longer sets a field Kusion owns (apply would remove it)', () => {
    const withLabel = { ...owned, 'f:metadata': { 'f:labels': { 'f:team': {} } } };
    const object = live(withLabel);
    object.metadata = { ...object.metadata, labels: { team: 'a' } } as typeof object.metadata;
    expect(isUnchangedByApply(body, object)).toBe(false);
  });

  it('lets the dry run decide when Kusion owns nothing yet but the manifest sets fields (adoption)', () => {
    const object = live(owned);
    const unowned = { ...object, metadata: { ...object.metadata, managedFields: [] } };
    expect(isUnchangedByApply(body, unowned)).toBe(false);
  });

  it('is unchanged when the manifest sets nothing to own and Kusion owns nothing (a bare Namespace)', () => {
    const namespace = { apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'n' } };
    expect(isUnchangedByApply(namespace, { ...namespace, metadata: { name: 'n', uid: 'u' } })).toBe(
      true,
    );
  });

  it('lets the dry run decide when another manager took a field the manifest sets to the live value', () => {
    const { 'f:replicas': _taken, ...rest } = owned['f:spec'];
    expect(isUnchangedByApply(body, live({ 'f:spec': rest }))).toBe(false);
  });

  it('lets the dry run decide when Kusion does not own an item of a keyed list', () => {
    const containers = owned['f:spec']['f:template']['f:spec']['f:containers'];
    const other = { ...body.spec.template.spec.containers[0], name: 'sidecar' };
    const manifest = {
      ...body,
      spec: {
        ...body.spec,
        template: { spec: { containers: [...body.spec.template.spec.containers, other] } },
      },
    };
    const object = live(owned, {
      spec: { ...manifest.spec, revisionHistoryLimit: 10 },
    });
    expect(Object.keys(containers)).toEqual(['k:{"name":"web"}']);
    expect(isUnchangedByApply(manifest, object)).toBe(false);
  });

  it('lets the dry run decide when Kusion applied with another apiVersion', () => {
    expect(isUnchangedByApply({ ...body, apiVersion: 'apps/v1beta2' }, live(owned))).toBe(false);
  });

  it('resolves set items (v:) and indexes (i:)', () => {
    const manifest = {
      apiVersion: 'v1',
      kind: 'Namespace',
      metadata: { name: 'n', finalizers: ['a'] },
    };
    const object = {
      ...manifest,
      metadata: {
        ...manifest.metadata,
        managedFields: [
          {
            manager: 'kusion',
            operation: 'Apply',
            apiVersion: 'v1',
            fieldsType: 'FieldsV1',
            fieldsV1: { 'f:metadata': { 'f:finalizers': { 'v:"a"': {} } } },
          },
        ],
      },
    };
    expect(isUnchangedByApply(manifest, object)).toBe(true);
    expect(isUnchangedByApply({ ...manifest, metadata: { name: 'n' } }, object)).toBe(false);
  });
});
