import { describe, expect, it } from 'vitest';
import { foldStringData, redactSecretValues, sensitivePathsOf } from './secrets.js';

const secret = {
  apiVersion: 'v1',
  kind: 'Secret',
  metadata: { name: 's' },
  data: { token: Buffer.from('tok-123456').toString('base64') },
  stringData: { password: 'hunter2!', pin: '42' },
};

describe('secrets', () => {
  it('marks data and stringData of v1 Secrets as sensitive, nothing else', () => {
    expect(sensitivePathsOf({ attributes: secret })).toEqual(['data', 'stringData']);
    expect(
      sensitivePathsOf({ attributes: { apiVersion: 'v1', kind: 'ConfigMap' } }),
    ).toBeUndefined();
    expect(
      sensitivePathsOf({
        attributes: { apiVersion: 'v1', kind: 'ConfigMap' },
        extensions: { sensitivePaths: ['data.token'] },
      }),
    ).toEqual(['data.token']);
  });

  it('folds stringData into data as base64 (stringData wins, as on the server)', () => {
    const copy = structuredClone({ ...secret, data: { ...secret.data, password: 'b2xk' } });
    foldStringData(copy);
    expect(copy).toEqual({
      apiVersion: 'v1',
      kind: 'Secret',
      metadata: { name: 's' },
      data: {
        token: secret.data.token,
        password: Buffer.from('hunter2!').toString('base64'),
        pin: 'NDI=',
      },
    });
  });

  it('scrubs every form of every value from a message', () => {
    const message = `data[token]: "tok-123456" / ${secret.data.token}; password hunter2! (${Buffer.from('hunter2!').toString('base64')}); pin "42" but 420 stays`;
    expect(redactSecretValues(message, secret)).toBe(
      'data[token]: "(sensitive)" / (sensitive); password (sensitive) ((sensitive)); pin "(sensitive)" but 420 stays',
    );
    expect(redactSecretValues('hunter2!', { apiVersion: 'v1', kind: 'ConfigMap' })).toBe(
      'hunter2!',
    );
  });
});
