import { describe, expect, it } from 'vitest';
import { releaseExistsError, releaseNotFoundError } from './release-errors.js';

const scope = { project: 'shop', workspace: 'dev', stack: 'main' };

describe('release errors', () => {
  it('name the revision and its scope', () => {
    expect(releaseNotFoundError(scope, 3)).toMatchObject({
      code: 'RELEASE_NOT_FOUND',
      message: 'release 3 of project "shop", workspace "dev", stack "main" does not exist',
    });
    expect(releaseExistsError(scope, 1)).toMatchObject({
      code: 'STATE_CONFLICT',
      message: expect.stringContaining('release 1 of project "shop"'),
      hint: expect.stringContaining('takes the next revision'),
    });
  });
});
