import { describe, expect, it } from 'vitest';
import {
  ConfigError,
  KusionError,
  ProviderError,
  formatDiagnostic,
  isKusionError,
  isRetryable,
} from './errors.js';

describe('coded errors', () => {
  it('are recognised by brand, including from another copy of the sdk', () => {
    expect(isKusionError(new KusionError('INTERNAL', 'x'))).toBe(true);
    expect(
      isKusionError(Object.assign(new Error('x'), { [Symbol.for('kusion.error')]: true })),
    ).toBe(true);
    expect(isKusionError(new Error('x'))).toBe(false);
  });

  it('config errors lead with the first diagnostic and count the rest', () => {
    const error = new ConfigError([
      { file: 'main.yaml', line: 3, column: 5, message: 'unexpected key' },
      { file: 'main.yaml', line: 9, message: 'missing id' },
    ]);
    expect(error.code).toBe('CONFIG_INVALID');
    expect(error.message).toBe('main.yaml:3:5: unexpected key (and 1 more problem)');
    expect(formatDiagnostic({ message: 'plain' })).toBe('plain');
  });

  it('provider errors say whether to retry', () => {
    expect(isRetryable(new ProviderError('throttled', { retryable: true }))).toBe(true);
    expect(isRetryable(new ProviderError('bad request'))).toBe(false);
    expect(isRetryable(new Error('x'))).toBe(false);
  });
});
