/**
 * The testkit's conformance suite against the Resource Manager emulator, once per kind. Kinds
 * with nothing that changes in place (TagBinding, IamPolicyMember, Lien) run every rule but
 * `update-as-predicted`, which needs an in-place update; `immutable-kinds.test.ts` proves instead
 * that every change of theirs is planned as a replacement.
 */
import { afterAll, describe, it } from 'vitest';
import type { ResourceProvider } from '@kusion/sdk';
import {
  conformanceChecks,
  describeProviderConformance,
  runConformanceCheck,
} from '@kusion/testkit/conformance';
import type {
  ConformanceFixtureFactory,
  ProviderConformanceOptions,
} from '@kusion/testkit/conformance';
import {
  context,
  createProjectOutside,
  createTagOutside,
  gcp,
  ORGANIZATION_NUMBER,
  providerFor,
  startEmulator,
  unique,
} from './gcp-fixtures.js';

const started = await startEmulator();
const { emulator, outside } = started;
afterAll(() => started.close());

const createProvider = (): Promise<ResourceProvider> => Promise.resolve(providerFor(emulator));
const common = { context, createProvider, timeoutMs: 30_000 };

describeProviderConformance({
  ...common,
  name: 'gcp (Project)',
  identityPath: 'name',
  fixtures: () => {
    const projectId = unique('shop');
    const project = (id: string, labels: Record<string, string>, displayName = 'Shop dev') =>
      gcp('Project', projectId, {
        projectId: id,
        displayName,
        labels,
      });
    // A cost centre some teams keep confidential: declared sensitive, never shown.
    const sensitive = { extensions: { sensitivePaths: ['labels.cost'] } };
    return {
      create: { ...project(projectId, { tier: 'one', cost: 'cc-4711' }), ...sensitive },
      update: {
        ...project(projectId, { tier: 'two', cost: 'cc-4711' }, 'Shop dev two'),
        ...sensitive,
      },
      replace: { ...project(unique('shop'), { tier: 'one', cost: 'cc-4711' }), ...sensitive },
    };
  },
});

describeProviderConformance({
  ...common,
  name: 'gcp (Folder)',
  identityPath: 'name',
  fixtures: () => {
    const displayName = unique('team');
    return {
      create: gcp('Folder', displayName, { displayName }),
      update: gcp('Folder', displayName, { displayName: `${displayName}-b` }),
    };
  },
});

describeProviderConformance({
  ...common,
  name: 'gcp (TagKey)',
  identityPath: 'name',
  fixtures: () => {
    const shortName = unique('env');
    return {
      create: gcp('TagKey', shortName, { shortName, description: 'environment' }),
      update: gcp('TagKey', shortName, { shortName, description: 'the environment' }),
      replace: gcp('TagKey', shortName, { shortName: unique('env'), description: 'environment' }),
    };
  },
});

describeProviderConformance({
  ...common,
  name: 'gcp (TagValue, key by namespaced name)',
  identityPath: 'name',
  fixtures: async () => {
    const key = unique('tier');
    await createTagOutside(outside, key, []);
    const parent = `${ORGANIZATION_NUMBER}/${key}`;
    return {
      create: gcp('TagValue', 'gold', { shortName: 'gold', parent, description: 'the best' }),
      update: gcp('TagValue', 'gold', { shortName: 'gold', parent, description: 'still the best' }),
      replace: gcp('TagValue', 'gold', { shortName: 'platinum', parent, description: 'the best' }),
    };
  },
});

/** Every rule but the in-place update, for kinds that have none. */
function describeImmutableKind(
  options: Omit<ProviderConformanceOptions, 'fixtures'> & {
    readonly fixtures: ConformanceFixtureFactory;
  },
): void {
  describe(`provider conformance (resource): ${options.name}`, () => {
    for (const check of conformanceChecks.filter((c) => c.name !== 'update-as-predicted')) {
      it(`${check.name}: ${check.title}`, { timeout: 30_000 }, async (test) => {
        const result = await runConformanceCheck(check, options);
        if (result) test.skip(result.skipped);
      });
    }
  });
}

describeImmutableKind({
  ...common,
  name: 'gcp (TagBinding, project by id and value by namespaced name)',
  identityPath: 'name',
  fixtures: async () => {
    const projectId = unique('bound');
    await createProjectOutside(outside, projectId);
    const key = unique('env');
    await createTagOutside(outside, key, ['dev', 'prod']);
    const binding = (value: string) =>
      gcp('TagBinding', `${projectId}-env`, {
        parent: `projects/${projectId}`,
        tagValue: `${ORGANIZATION_NUMBER}/${key}/${value}`,
      });
    return { create: binding('dev'), update: binding('dev'), replace: binding('prod') };
  },
});

describeImmutableKind({
  ...common,
  name: 'gcp (IamPolicyMember)',
  fixtures: async () => {
    const projectId = unique('iam');
    const name = await createProjectOutside(outside, projectId);
    const member = (who: string) =>
      gcp('IamPolicyMember', `${projectId}-viewer`, {
        resource: name,
        role: 'roles/viewer',
        member: who,
      });
    return {
      create: member('user:ana@example.com'),
      update: member('user:ana@example.com'),
      replace: member('user:bo@example.com'),
    };
  },
});

describeImmutableKind({
  ...common,
  name: 'gcp (Lien)',
  identityPath: 'name',
  fixtures: async () => {
    const projectId = unique('held');
    await createProjectOutside(outside, projectId);
    const lien = (reason: string) =>
      gcp('Lien', `${projectId}-hold`, { parent: `projects/${projectId}`, reason });
    return {
      create: lien('holds production data'),
      update: lien('holds production data'),
      replace: lien('holds the only copy of the data'),
    };
  },
});
