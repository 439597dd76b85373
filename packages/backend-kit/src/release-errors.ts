/** What a release store answers when a revision is missing or already taken, in every backend. */
import { KusionError } from '@kusion/sdk';
import type { ReleaseScope } from '@kusion/sdk';

/** `project "shop", workspace "dev", stack "main"`, for messages. */
export function describeReleaseScope(scope: ReleaseScope): string {
  return `project "${scope.project}", workspace "${scope.workspace}", stack "${scope.stack}"`;
}

export function releaseNotFoundError(scope: ReleaseScope, revision: number): KusionError {
  return new KusionError(
    'RELEASE_NOT_FOUND',
    `release ${revision} of ${describeReleaseScope(scope)} does not exist`,
    { hint: 'Create the release first, or list existing ones with `kusion release list`.' },
  );
}

/** `create` lost the race for a revision: the compare-and-swap every backend performs. */
export function releaseExistsError(scope: ReleaseScope, revision: number): KusionError {
  return new KusionError(
    'STATE_CONFLICT',
    `release ${revision} of ${describeReleaseScope(scope)} already exists: another run recorded it first`,
    {
      hint: 'Wait for the other run to finish, then retry: the next run reads the latest release and takes the next revision.',
    },
  );
}
