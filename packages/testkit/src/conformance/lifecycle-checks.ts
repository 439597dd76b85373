/** Reading, planning, creating and updating: the rules the engine's diff and retries rely on. */
import { expect } from 'vitest';
import type { Attributes } from '@kusion/sdk';
import { expectSameIdentity } from './identity.js';
import { step } from './step.js';
import type { ConformanceCheck, ConformanceTarget } from './types.js';

/** Applies the create fixture and reads it back. */
async function createAndRead(target: ConformanceTarget) {
  const { state } = await target.driver.apply(target.fixtures.create, 'Create');
  const live = await target.driver.read(target.fixtures.create, state);
  expect(live, 'read after a successful apply must see the object').toBeDefined();
  return { state, live: live as Attributes };
}

export const lifecycleChecks: readonly ConformanceCheck[] = [
  {
    name: 'read-missing',
    title: 'read of a resource that does not exist returns live: undefined',
    async run({ driver, fixtures }) {
      expect(await driver.read(fixtures.create)).toBeUndefined();
      return undefined;
    },
  },
  {
    name: 'plan-never-mutates',
    title: 'plan never mutates: read before and after planning a create and an update is unchanged',
    async run(target) {
      const { driver, fixtures } = target;
      await driver.plan(fixtures.create, undefined);
      expect(
        await driver.read(fixtures.create),
        'planning a create created the object',
      ).toBeUndefined();
      const { state, live } = await createAndRead(target);
      await driver.plan(fixtures.update, live, state);
      expect(
        await driver.read(fixtures.update, state),
        'planning an update changed the live object',
      ).toEqual(live);
      return undefined;
    },
  },
  {
    name: 'create-then-plan-is-stable',
    title:
      'after create, read sees it and plan predicts exactly the live object (no perpetual diff)',
    async run(target) {
      const { state, live } = await createAndRead(target);
      const { predicted, replaceReason } = await target.driver.plan(
        target.fixtures.create,
        live,
        state,
      );
      expect(
        predicted,
        'plan right after apply must predict the live object, or every preview shows a diff',
      ).toEqual(live);
      expect(
        replaceReason,
        'plan right after apply must not ask for a replacement',
      ).toBeUndefined();
      return undefined;
    },
  },
  {
    name: 'apply-is-retryable',
    title: 'apply is safe to retry: applying twice converges on the same live object',
    async run(target) {
      const { live } = await createAndRead(target);
      const { state } = await step('applying the same resource again must succeed', () =>
        target.driver.apply(target.fixtures.create, 'Create'),
      );
      const again = await target.driver.read(target.fixtures.create, state);
      expect(again, 'a retried apply must converge on the same live object').toEqual(live);
      expectSameIdentity(
        target,
        live,
        again as Attributes,
        'a retried apply must not create a second object',
      );
      return undefined;
    },
  },
  {
    name: 'update-as-predicted',
    title: 'update changes the live object exactly as plan predicted, in place',
    async run(target) {
      const { driver, fixtures } = target;
      const { state, live } = await createAndRead(target);
      const planned = await driver.plan(fixtures.update, live, state);
      expect(planned.predicted, 'the update fixture must change the live object').not.toEqual(live);
      expect(
        planned.replaceReason,
        'the update fixture must be an in-place change',
      ).toBeUndefined();
      const updated = await driver.apply(fixtures.update, 'Update', { prior: state });
      const after = await driver.read(fixtures.update, updated.state);
      expect(after, 'the live object after update must be what plan predicted').toEqual(
        planned.predicted,
      );
      expectSameIdentity(
        target,
        live,
        after as Attributes,
        'an in-place update must keep the same object',
      );
      const replanned = await driver.plan(fixtures.update, after, updated.state);
      expect(replanned.predicted, 'plan right after update must predict the live object').toEqual(
        after,
      );
      return undefined;
    },
  },
  {
    name: 'delete-removes',
    title: 'delete removes the object: read afterwards returns undefined',
    async run(target) {
      const { state } = await createAndRead(target);
      await target.driver.delete(state);
      expect(
        await target.driver.read(target.fixtures.create, state),
        'read after delete',
      ).toBeUndefined();
      return undefined;
    },
  },
  {
    name: 'delete-is-idempotent',
    title: 'delete is idempotent: deleting twice, or what never existed, succeeds',
    async run(target) {
      const { driver, fixtures } = target;
      await step('deleting what never existed must succeed', () =>
        driver.delete({ ...fixtures.create }),
      );
      const { state } = await createAndRead(target);
      await driver.delete(state);
      await step('deleting what is already deleted must succeed', () => driver.delete(state));
      expect(await driver.read(fixtures.create, state), 'read after delete').toBeUndefined();
      return undefined;
    },
  },
];
