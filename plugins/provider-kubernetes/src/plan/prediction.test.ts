import { describe, expect, it } from 'vitest';
import { findUnknownValues, overlayValues, withoutValues } from '../manifest/unknown-values.js';
import { overlay, predictFromManifest, predictReplacement } from './prediction.js';

describe('predictions without a dry run', () => {
  it('marks what the server assigns on creation', () => {
    const service = {
      apiVersion: 'v1',
      kind: 'Service',
      metadata: { name: 's' },
      spec: { ports: [{ port: 80, protocol: 'TCP' }] },
    };
    expect(predictFromManifest(service)).toEqual({
      ...service,
      metadata: { name: 's', uid: '(known after apply)' },
    });
  });

  it('lays the manifest over the live object for a replacement: only the change shows', () => {
    const live = {
      apiVersion: 'apps/v1',
      kind: 'Deployment',
      metadata: { name: 'web', uid: 'old' },
      spec: {
        selector: { matchLabels: { app: 'web' } },
        revisionHistoryLimit: 10,
        template: {
          spec: { containers: [{ name: 'web', image: 'a', imagePullPolicy: 'IfNotPresent' }] },
        },
      },
    };
    const manifest = {
      apiVersion: 'apps/v1',
      kind: 'Deployment',
      metadata: { name: 'web' },
      spec: {
        selector: { matchLabels: { app: 'web2' } },
        template: { spec: { containers: [{ name: 'web', image: 'a' }] } },
      },
    };
    expect(predictReplacement(live, manifest)).toEqual({
      ...live,
      metadata: { name: 'web', uid: '(known after apply)' },
      spec: { ...live.spec, selector: { matchLabels: { app: 'web2' } } },
    });
    expect(
      overlay(
        [
          { name: 'a', x: 1 },
          { name: 'b', x: 2 },
        ],
        [{ name: 'b', y: 3 }],
      ),
    ).toEqual([{ name: 'b', x: 2, y: 3 }]);
    expect(overlay([1, 2], [3])).toEqual([3]);
  });

  it('sends no reference to the dry run and shows it where the value will be', () => {
    const manifest = {
      spec: {
        env: [{ name: 'URL', value: '$kusion_path.aws:queue.url' }],
        args: ['$kusion_path.aws:queue.arn'],
      },
    };
    const paths = findUnknownValues(manifest);
    expect(paths).toEqual([
      ['spec', 'env', 0, 'value'],
      ['spec', 'args', 0],
    ]);
    expect(withoutValues(manifest, paths)).toEqual({
      spec: { env: [{ name: 'URL' }], args: ['(known after apply)'] },
    });
    const predicted = { spec: { env: [{ name: 'URL' }], args: ['(known after apply)'], extra: 1 } };
    overlayValues(predicted, manifest, paths);
    expect(predicted).toEqual({ spec: { ...manifest.spec, extra: 1 } });
  });
});
