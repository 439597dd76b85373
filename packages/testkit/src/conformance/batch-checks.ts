/**
 * The rules a batch provider (CloudFormation, ARM, Terraform) must keep: whole batches planned and
 * applied at once, cumulative waves, values answered for other providers, a failure mid-batch
 * reported per resource, deletions, replacement, and idempotent deletes.
 */
import { expect } from 'vitest';
import {
  declaredSensitivePaths,
  findAtPath,
  getAtPath,
  isKusionPath,
  kusionPath,
} from '@kusion/sdk';
import type { Attributes, BatchApplyResult, Resource } from '@kusion/sdk';
import { step } from './step.js';
import type { BatchConformanceCheck, BatchConformanceTarget } from './types.js';

/** Applies `resources` as one wave and expects every one to succeed. */
async function applyAll(
  target: BatchConformanceTarget,
  resources: readonly Resource[],
  what: string,
): Promise<BatchApplyResult> {
  const result = await step(`${what} must succeed`, () => target.driver.apply(resources));
  for (const resource of resources) {
    const outcome = result.outcomes.get(resource.id);
    expect(
      outcome,
      `${what}: the provider must report an outcome for "${resource.id}"`,
    ).toBeDefined();
    expect(outcome, `${what}: "${resource.id}" must succeed`).toMatchObject({
      status: 'succeeded',
    });
  }
  return result;
}

async function liveOf(
  target: BatchConformanceTarget,
  resource: Resource,
): Promise<Attributes | undefined> {
  return (await target.driver.read([resource])).get(resource.id);
}

function identityOf(target: BatchConformanceTarget, live: Attributes | undefined): unknown {
  return target.identityPath === undefined ? undefined : getAtPath(live, target.identityPath).value;
}

export const batchChecks: readonly BatchConformanceCheck[] = [
  {
    name: 'batch-read-missing',
    title: 'read of resources that do not exist answers undefined for each',
    async run(target) {
      const live = await target.driver.read([target.fixtures.create]);
      expect(
        live.get(target.fixtures.create.id),
        'read of a resource never created',
      ).toBeUndefined();
      return undefined;
    },
  },
  {
    name: 'batch-plan-never-mutates',
    title: 'plan never mutates: planning a create leaves nothing behind, and plans every resource',
    async run(target) {
      const { create } = target.fixtures;
      const member = target.fixtures.member('plan-only');
      const planned = await target.driver.plan([create, member]);
      for (const resource of [create, member]) {
        expect(
          planned.changes.get(resource.id),
          `the plan must answer for "${resource.id}"`,
        ).toMatchObject({ action: 'Create' });
      }
      expect(await liveOf(target, create), 'planning a create created the object').toBeUndefined();
      return undefined;
    },
  },
  {
    name: 'batch-create-then-plan-is-stable',
    title:
      'after a batch apply, read sees every resource and a new plan says UnChanged (no perpetual diff)',
    async run(target) {
      const { create } = target.fixtures;
      const member = target.fixtures.member('stable');
      await applyAll(target, [create, member], 'applying a new batch');
      const live = await target.driver.read([create, member]);
      for (const resource of [create, member])
        expect(live.get(resource.id), `read after apply of "${resource.id}"`).toBeDefined();
      const replanned = await target.driver.plan([create, member]);
      for (const resource of [create, member]) {
        expect(
          replanned.changes.get(resource.id),
          `a plan right after apply of "${resource.id}"`,
        ).toMatchObject({ action: 'UnChanged' });
      }
      return undefined;
    },
  },
  {
    name: 'batch-apply-is-retryable',
    title: 'apply is safe to retry: the same batch applied twice converges on the same objects',
    async run(target) {
      const { create } = target.fixtures;
      await applyAll(target, [create], 'applying a new batch');
      const first = await liveOf(target, create);
      await applyAll(target, [create], 'applying the same batch again');
      const again = await liveOf(target, create);
      expect(again, 'a retried apply must converge on the same live object').toEqual(first);
      expect(identityOf(target, again), 'a retried apply must not create a second object').toEqual(
        identityOf(target, first),
      );
      return undefined;
    },
  },
  {
    name: 'batch-update-in-place',
    title:
      'an in-place change plans Update, and apply changes the live object keeping its identity',
    async run(target) {
      const { create, update } = target.fixtures;
      await applyAll(target, [create], 'applying a new batch');
      const before = await liveOf(target, create);
      const planned = await target.driver.plan([update]);
      expect(
        planned.changes.get(update.id),
        'the update fixture must plan an Update',
      ).toMatchObject({ action: 'Update' });
      await applyAll(target, [update], 'applying the update');
      const after = await liveOf(target, update);
      expect(after, 'the live object after the update must differ').not.toEqual(before);
      expect(identityOf(target, after), 'an in-place update must keep the same object').toEqual(
        identityOf(target, before),
      );
      expect(
        (await target.driver.plan([update])).changes.get(update.id),
        'a plan right after the update',
      ).toMatchObject({
        action: 'UnChanged',
      });
      return undefined;
    },
  },
  {
    name: 'batch-answers-referenced-attributes',
    title: 'apply answers the attributes other providers reference, as values (e.g. stack Outputs)',
    async run(target) {
      const { create, outputPath } = target.fixtures;
      const result = await step('applying with referenced attributes must succeed', () =>
        target.driver.apply([create], {
          referencedAttributes: new Map([[create.id, [outputPath]]]),
        }),
      );
      const outcome = result.outcomes.get(create.id);
      expect(outcome, `"${create.id}" must succeed`).toMatchObject({ status: 'succeeded' });
      const attributes = outcome?.status === 'succeeded' ? outcome.attributes : undefined;
      const value = getAtPath(attributes, outputPath).value;
      expect(value, `the applied attributes must hold "${outputPath}"`).toBeDefined();
      expect(isKusionPath(value), `"${outputPath}" must be a value, not a reference`).toBe(false);
      return undefined;
    },
  },
  {
    name: 'batch-waves-are-cumulative',
    title: 'waves: wave 2 holds wave 1 plus members that take a value from another provider',
    async run(target) {
      const { create, outputPath, memberValuePath } = target.fixtures;
      const first = await step('wave 1 of 2 must succeed', () =>
        target.driver.apply([create], {
          wave: 1,
          waves: 2,
          referencedAttributes: new Map([[create.id, [outputPath]]]),
        }),
      );
      const outcome = first.outcomes.get(create.id);
      const output =
        outcome?.status === 'succeeded'
          ? getAtPath(outcome.attributes, outputPath).value
          : undefined;
      expect(output, `wave 1 must answer "${outputPath}" of "${create.id}"`).toBeDefined();
      // Another provider's resource read the output; its value comes back in a member of wave 2.
      const member = target.fixtures.member(`from-other-provider:${String(output)}`);
      const second = await step('wave 2 of 2 must succeed', () =>
        target.driver.apply([create, member], { wave: 2, waves: 2 }),
      );
      for (const resource of [create, member]) {
        expect(second.outcomes.get(resource.id), `wave 2: "${resource.id}"`).toMatchObject({
          status: 'succeeded',
        });
      }
      const live = await target.driver.read([create, member]);
      expect(live.get(create.id), 'wave 2 must keep what wave 1 created').toBeDefined();
      expect(
        getAtPath(live.get(member.id), memberValuePath).value,
        'the member holds the value from the other provider',
      ).toBe(`from-other-provider:${String(output)}`);
      return undefined;
    },
  },
  {
    name: 'batch-references-inside-the-batch',
    title: 'a $kusion_path reference between members of the batch is resolved by the native engine',
    async run(target) {
      const { create, outputPath, memberValuePath } = target.fixtures;
      const member = target.fixtures.member(kusionPath(create.id, outputPath));
      const result = await applyAll(
        target,
        [create, member],
        'applying members that reference each other',
      );
      const created = result.outcomes.get(create.id);
      const expected =
        created?.status === 'succeeded'
          ? getAtPath(created.attributes, outputPath).value
          : undefined;
      const live = await liveOf(target, member);
      const { readMemberValue } = target.fixtures;
      const value = readMemberValue
        ? await readMemberValue(member, live)
        : getAtPath(live, memberValuePath).value;
      expect(
        isKusionPath(value),
        'the reference must be resolved in the cloud, not stored as a string',
      ).toBe(false);
      expect(value, `the member must hold "${create.id}".${outputPath}`).toEqual(expected);
      return undefined;
    },
  },
  {
    name: 'batch-failure-mid-batch',
    title:
      'a member that fails is reported failed with a reason, every member gets an outcome, and read agrees',
    async run(target) {
      const { create, failing } = target.fixtures;
      const result = await target.driver.apply([create, failing]).catch((error: unknown) => error);
      if (result instanceof Error) {
        // Throwing is allowed only for the whole call; nothing may then be half-recorded.
        expect(result.message, 'a thrown failure must say why').not.toBe('');
      } else {
        const outcome = (result as BatchApplyResult).outcomes.get(failing.id);
        expect(outcome, `the failing member "${failing.id}" must be reported failed`).toMatchObject(
          { status: 'failed' },
        );
        expect(
          outcome?.status === 'failed' ? outcome.error : '',
          'the failure must carry a reason',
        ).not.toBe('');
        for (const resource of [create, failing]) {
          expect(
            (result as BatchApplyResult).outcomes.has(resource.id),
            `every member needs an outcome: "${resource.id}"`,
          ).toBe(true);
        }
        const live = await target.driver.read([create]);
        const created = (result as BatchApplyResult).outcomes.get(create.id);
        if (created?.status === 'succeeded')
          expect(live.get(create.id), 'a member reported succeeded must exist').toBeDefined();
      }
      await applyAll(target, [create], 'applying again without the failing member');
      expect(
        await liveOf(target, create),
        'the batch converges once the failure is gone',
      ).toBeDefined();
      return undefined;
    },
  },
  {
    name: 'batch-deletes-removed-members',
    title: 'a member named in `deletions` is deleted, the others kept',
    async run(target) {
      const { create } = target.fixtures;
      const member = target.fixtures.member('to-delete');
      await applyAll(target, [create, member], 'applying two members');
      const result = await step('applying with a deletion must succeed', () =>
        target.driver.apply([create], { deletions: [member.id] }),
      );
      expect(
        result.outcomes.get(member.id),
        `"${member.id}" must be reported deleted`,
      ).toMatchObject({ status: 'deleted' });
      const live = await target.driver.read([create, member]);
      expect(live.get(member.id), 'a deleted member must be gone').toBeUndefined();
      expect(live.get(create.id), 'the other member must stay').toBeDefined();
      return undefined;
    },
  },
  {
    name: 'batch-replace-when-required',
    title:
      'a change that cannot be made in place plans Replace with a reason and yields a new object',
    async run(target) {
      const { create, replace } = target.fixtures;
      if (!replace) return { skipped: 'no replace fixture' };
      await applyAll(target, [create], 'applying a new batch');
      const before = await liveOf(target, create);
      const planned = await target.driver.plan([replace]);
      const change = planned.changes.get(replace.id);
      expect(change, 'the replace fixture must plan a Replace').toMatchObject({
        action: 'Replace',
      });
      expect(change?.reason, 'a Replace must say why').not.toBe('');
      await applyAll(target, [replace], 'applying the replacement');
      const after = await liveOf(target, replace);
      expect(after, 'read after the replacement must see the new object').toBeDefined();
      if (target.identityPath !== undefined) {
        expect(identityOf(target, after), 'a replacement must be a new object').not.toEqual(
          identityOf(target, before),
        );
      }
      return undefined;
    },
  },
  {
    name: 'batch-delete-is-idempotent',
    title: 'delete removes every member; deleting again, or an empty batch, succeeds',
    async run(target) {
      const { create } = target.fixtures;
      const member = target.fixtures.member('delete-all');
      await step('deleting an empty batch must succeed', () => target.driver.delete());
      await applyAll(target, [create, member], 'applying two members');
      const recorded = [...target.driver.state.values()];
      const deleted = await step('deleting the batch must succeed', () => target.driver.delete());
      for (const resource of [create, member]) {
        expect(
          deleted.outcomes.get(resource.id),
          `"${resource.id}" must be reported deleted`,
        ).toMatchObject({ status: 'deleted' });
      }
      const live = await target.driver.read([create, member]);
      for (const resource of [create, member])
        expect(live.get(resource.id), `"${resource.id}" after delete`).toBeUndefined();
      await step('deleting what is already deleted must succeed', () =>
        target.provider.delete({
          priors: recorded,
          signal: new AbortController().signal,
          io: target.io,
          context: target.driver.context,
          options: { watch: false, forceConflicts: false },
          report: () => undefined,
        }),
      );
      return undefined;
    },
  },
  {
    name: 'batch-aborted-apply-creates-nothing',
    title:
      'apply with an already-aborted signal rejects or fails every member, and creates nothing',
    async run(target) {
      const { create } = target.fixtures;
      const controller = new AbortController();
      controller.abort();
      const result = await target.driver
        .apply([create], { signal: controller.signal })
        .catch(() => undefined);
      if (result)
        expect(
          result.outcomes.get(create.id)?.status,
          'an aborted apply must not succeed',
        ).not.toBe('succeeded');
      expect(
        await liveOf(target, create),
        'apply with an aborted signal created the object',
      ).toBeUndefined();
      return undefined;
    },
  },
  {
    name: 'batch-secrets-not-told',
    title:
      'values under sensitivePaths never reach the IoHost or progress reports (diffs are masked by the engine)',
    async run(target) {
      const { create } = target.fixtures;
      const paths = declaredSensitivePaths(create);
      if (!paths.length)
        return { skipped: 'the create fixture declares no extensions.sensitivePaths' };
      await target.driver.plan([create]);
      await applyAll(target, [create], 'applying a resource with secrets');
      const told = JSON.stringify({ messages: target.io.messages, reports: target.reports });
      for (const path of paths) {
        for (const match of findAtPath(create.attributes, path)) {
          if (typeof match.value !== 'string' || !match.value) continue;
          expect(
            told.includes(JSON.stringify(match.value).slice(1, -1)),
            `the value of "${path}" was sent to the user`,
          ).toBe(false);
        }
      }
      return undefined;
    },
  },
];
