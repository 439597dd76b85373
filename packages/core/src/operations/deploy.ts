/** `deploy`, `destroy` and `release rollback`: one release each. */
import { KusionError } from '@kusion/sdk';
import { hasSealedValues, openSpec } from '../secrets/sealed-values.js';
import { runRelease } from './run-release.js';
import { resolveStackReferences } from './stack-references.js';
import type { ChangeOptions, ReleaseResult } from './run-release.js';
import { withStack } from './stack-session.js';
import type { StackOptions, StackSession } from './stack-session.js';

export type DeployOptions = StackOptions & ChangeOptions;

export function deploy(options: DeployOptions): Promise<ReleaseResult> {
  return withStack(options, async (session) =>
    runRelease({
      session,
      operation: 'deploy',
      spec: await resolveStackReferences(session),
      options,
    }),
  );
}

/**
 * Deletes every resource the stack's state holds, dependents before their dependencies: from the
 * latest release alone, so the stack's configuration need not be there.
 */
export function destroy(options: DeployOptions): Promise<ReleaseResult> {
  return withStack(
    options,
    (session) => runRelease({ session, operation: 'destroy', spec: { resources: [] }, options }),
    { spec: 'none' },
  );
}

export interface RollbackOptions extends DeployOptions {
  readonly revision: number;
}

/** Re-applies the Spec an earlier revision applied, as a new release. */
export function rollback(options: RollbackOptions): Promise<ReleaseResult> {
  return withStack(options, (session) => rollbackIn(session, options), { spec: 'none' });
}

/** Re-applies an earlier revision's Spec in an open session (a rollout rolls back through it too). */
export async function rollbackIn(
  session: StackSession,
  options: ChangeOptions & { readonly revision: number },
): Promise<ReleaseResult> {
  const target = await session.engine.backend.releases.get(session.scope, options.revision);
  if (!target) {
    const known = await session.engine.backend.releases.list(session.scope);
    throw new KusionError(
      'RELEASE_NOT_FOUND',
      `revision ${options.revision} does not exist for stack "${session.scope.stack}" in workspace "${session.scope.workspace}"`,
      {
        hint: known.length
          ? `existing revisions: ${known.map((r) => r.revision).join(', ')}`
          : 'nothing has been deployed yet',
      },
    );
  }
  // A release Kusion recorded keeps its secrets only as our hashes (never in clear): re-applying
  // it would write the hashes. Its Spec must be deployed again from its source instead.
  if (JSON.stringify(target.spec).includes('"(sensitive sha256:')) {
    throw new KusionError(
      'INVALID_ARGUMENT',
      `revision ${options.revision} was recorded by KusionStack Kusion with secret values, which are kept only as hashes: it cannot be re-applied`,
      {
        hint: 'deploy that configuration again with `kusion deploy` (or --spec-file with the Spec Kusion generated)',
      },
    );
  }
  const spec = hasSealedValues(target.spec)
    ? openSpec(target.spec, await session.engine.sealing.openers(), `revision ${options.revision}`)
    : target.spec;
  return runRelease({
    session,
    operation: 'rollback',
    spec,
    options,
    rollbackOf: options.revision,
  });
}
