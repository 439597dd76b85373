/** Cancellation, secrets, replacement and readiness: rules some fixtures or providers opt into. */
import { expect } from 'vitest';
import {
  createFieldMatcher,
  declaredSensitivePaths,
  findAtPath,
  parseAttributePath,
  SENSITIVE_PATHS_EXTENSION,
} from '@kusion/sdk';
import type { Attributes } from '@kusion/sdk';
import { expectNewIdentity } from './identity.js';
import { step } from './step.js';
import type { ConformanceCheck } from './types.js';

export const safetyChecks: readonly ConformanceCheck[] = [
  {
    name: 'aborted-apply-creates-nothing',
    title: 'apply with an already-aborted signal rejects and creates nothing',
    async run({ driver, fixtures }) {
      const controller = new AbortController();
      controller.abort();
      const outcome = await driver
        .apply(fixtures.create, 'Create', { signal: controller.signal })
        .then(
          () => 'resolved',
          () => 'rejected',
        );
      expect(outcome, 'apply with an aborted signal must reject').toBe('rejected');
      expect(
        await driver.read(fixtures.create),
        'apply with an aborted signal created the object',
      ).toBeUndefined();
      return undefined;
    },
  },
  {
    name: 'secrets-not-leaked',
    title: 'values under sensitivePaths are reported as sensitive and never sent to the user',
    async run({ driver, fixtures, io, reports }) {
      const declared = declaredSensitivePaths(fixtures.create).filter(
        (path) => findAtPath(fixtures.create.attributes, path).length > 0,
      );
      if (!declared.length)
        return {
          skipped: `the create fixture declares no extensions.${SENSITIVE_PATHS_EXTENSION}`,
        };
      const planned = await driver.plan(fixtures.create, undefined);
      const { result } = await driver.apply(fixtures.create, 'Create');
      for (const path of declared) {
        for (const [operation, reported] of [
          ['plan', planned.sensitivePaths],
          ['apply', result.sensitivePaths],
        ] as const) {
          const isCovered = createFieldMatcher(reported ?? []).covers(parseAttributePath(path));
          expect(isCovered, `${operation} must report "${path}" in sensitivePaths`).toBe(true);
        }
      }
      const told = JSON.stringify({ messages: io.messages, reports });
      for (const path of declared) {
        for (const secret of findAtPath(fixtures.create.attributes, path).flatMap((match) =>
          leafStrings(match.value),
        )) {
          const asJson = JSON.stringify(secret).slice(1, -1);
          expect(told.includes(asJson), `the value of "${path}" was sent to the user`).toBe(false);
        }
      }
      return undefined;
    },
  },
  {
    name: 'replace-when-required',
    title:
      'a change that cannot be made in place plans a replacement, and the new object is stable',
    async run(target) {
      const { driver, fixtures } = target;
      const replacement = fixtures.replace;
      if (!replacement) return { skipped: 'no replace fixture' };
      const { state } = await driver.apply(fixtures.create, 'Create');
      const live = (await driver.read(fixtures.create, state)) as Attributes;
      const planned = await driver.plan(replacement, live, state);
      expect(
        planned.replaceReason,
        'plan of the replace fixture must give a replaceReason',
      ).toEqual(expect.any(String));
      expect(
        await driver.read(replacement, state),
        'planning a replacement changed the live object',
      ).toEqual(live);
      await driver.delete(state);
      const replaced = await step(
        'applying a replacement after deleting the old object must succeed',
        () => driver.apply(replacement, 'Replace', { prior: state }),
      );
      const after = await driver.read(replacement, replaced.state);
      expect(after, 'read after the replacement must see the new object').toBeDefined();
      const replanned = await driver.plan(replacement, after, replaced.state);
      expect(
        replanned.predicted,
        'plan right after the replacement must predict the live object',
      ).toEqual(after);
      expect(
        replanned.replaceReason,
        'plan right after the replacement must not ask for another',
      ).toBeUndefined();
      expectNewIdentity(target, live, after as Attributes, 'a replacement must be a new object');
      return undefined;
    },
  },
  {
    name: 'watch-ends-ready',
    title:
      'watch after apply reports readiness until the object is ready; without watch, apply returns once it exists',
    async run({ provider, driver, fixtures }) {
      const { state } = await driver.apply(fixtures.create, 'Create');
      if (!provider.watch) {
        // The engine counts a resource without watch ready when apply returns: dependents start then.
        expect(
          await driver.read(fixtures.create, state),
          'without watch, the object must exist when apply returns',
        ).toBeDefined();
        return undefined;
      }
      const statuses = await driver.watch(state);
      expect(statuses.length, 'watch must yield at least one observation').toBeGreaterThan(0);
      expect(statuses.at(-1), 'watch must end with the object ready').toMatchObject({
        isReady: true,
      });
      expect(
        statuses.some((status) => status.isFailed === true),
        'a fresh object must not be reported failed',
      ).toBe(false);
      return undefined;
    },
  },
];

/** The non-empty strings in a value: what a leak would show. */
function leafStrings(value: unknown): string[] {
  if (typeof value === 'string') return value ? [value] : [];
  if (typeof value === 'object' && value !== null) return Object.values(value).flatMap(leafStrings);
  return [];
}
