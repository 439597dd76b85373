/**
 * The provider against the real terraform binary and the `hashicorp/aws` provider from the
 * machine's filesystem mirror, talking to moto: a security group and a queue that reads the
 * group's id go through plan, apply, an unchanged plan, drift, an update, errors that name their
 * resource, and destroy — one Terraform run each.
 */
import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import type { Resource, Sealer } from '@kusion/sdk';
import { isKusionError } from '@kusion/sdk';
import { createRecordingIoHost } from '@kusion/testkit';
import { createBatchDriver } from '@kusion/testkit/conformance';
import { awsCliJson, findTerraformTooling, startMoto } from '@kusion/test-peers';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTerraformProvider, SEALED_STATE_ATTRIBUTE } from '../src/index.js';

const moto = await startMoto();
const tooling = await findTerraformTooling();
beforeAll(() => {
  Object.assign(process.env, moto.env);
});
afterAll(async () => {
  await moto.stop();
});

/** A real AES-GCM sealer, as the engine gives one; `opened` counts what the provider opened. */
function testSealer(): Sealer & { opened: number } {
  const key = randomBytes(32);
  return {
    opened: 0,
    seal(plain) {
      const iv = randomBytes(12);
      const cipher = createCipheriv('aes-256-gcm', key, iv);
      const data = Buffer.concat([cipher.update(plain, 'utf8'), cipher.final()]);
      return Promise.resolve(
        `(sealed:${Buffer.concat([iv, cipher.getAuthTag(), data]).toString('base64')})`,
      );
    },
    open(sealed) {
      this.opened++;
      const raw = Buffer.from(sealed.slice(8, -1), 'base64');
      const decipher = createDecipheriv('aes-256-gcm', key, raw.subarray(0, 12));
      decipher.setAuthTag(raw.subarray(12, 28));
      return Promise.resolve(
        Buffer.concat([decipher.update(raw.subarray(28)), decipher.final()]).toString('utf8'),
      );
    },
  };
}

const context = {
  project: 'shop',
  stack: 'dev',
  workspace: 'test',
  projectDir: process.cwd(),
};
// Kusion's own modules pin 5.0.1: the mirror's 5.x is used, and the user is told.
const extensions = (resourceType: string) => ({
  provider: 'registry.terraform.io/hashicorp/aws/5.0.1',
  providerMeta: { region: 'us-east-1' },
  resourceType,
});
const GROUP = 'hashicorp:aws:aws_security_group:db';
const QUEUE = 'hashicorp:aws:aws_sqs_queue:orders';
const group: Resource = {
  id: GROUP,
  type: 'Terraform',
  attributes: { name: 'db', description: 'database access' },
  extensions: extensions('aws_security_group'),
};
const queue = (delay: number): Resource => ({
  id: QUEUE,
  type: 'Terraform',
  attributes: {
    name: 'orders',
    delay_seconds: delay,
    tags: { group: `$kusion_path.${GROUP}.id`, note: 'literal ${not-a-template}' },
  },
  extensions: extensions('aws_sqs_queue'),
});

describe('terraform provider on moto', () => {
  const sealer = testSealer();
  const io = createRecordingIoHost();
  const provider = createTerraformProvider({
    settings: { pluginDirs: [tooling.mirrorDir] },
    context,
    sealer,
  });
  const driver = createBatchDriver(provider, context, io, []);
  const referenced = new Map([[QUEUE, ['url']]]);

  it('plans both resources with one terraform plan, using the mirrored 5.x', async () => {
    const { changes } = await driver.plan([group, queue(0)], referenced);
    expect(changes.get(GROUP)).toMatchObject({ action: 'Create', reason: 'not in state' });
    expect(changes.get(QUEUE)?.action).toBe('Create');
    // Terraform plans a map holding a value known after apply (the group's id) as unknown.
    expect(changes.get(QUEUE)?.diff).toContainEqual({
      path: 'tags',
      kind: 'add',
      after: '(known after apply)',
    });
    expect(changes.get(QUEUE)?.diff).toContainEqual({ path: 'name', kind: 'add', after: 'orders' });
    const notices = io.messagesWithCode('PROVIDER_NOTICE').map((m) => m.message);
    expect(notices).toEqual([expect.stringMatching(/5\.0\.1 is in no plugin mirror: using 5\./)]);
  });

  it('applies both in one run: the reference is wired, the state sealed', async () => {
    const { outcomes } = await driver.apply([group, queue(0)], {
      referencedAttributes: referenced,
    });
    const groupOutcome = outcomes.get(GROUP);
    const queueOutcome = outcomes.get(QUEUE);
    if (groupOutcome?.status !== 'succeeded' || queueOutcome?.status !== 'succeeded')
      throw new Error(`apply failed: ${JSON.stringify([...outcomes])}`);
    const groupId = groupOutcome.attributes['id'];
    expect(groupId).toMatch(/^sg-/);
    expect(queueOutcome.attributes['url']).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/\d+\/orders$/);
    expect(queueOutcome.attributes['tags']).toEqual({
      group: groupId,
      note: 'literal ${not-a-template}',
    });
    // Terraform's state is recorded sealed, and holds what Terraform needs (lineage, private data).
    const sealed = String(queueOutcome.attributes[SEALED_STATE_ATTRIBUTE]);
    expect(sealed).toMatch(/^\(sealed:/);
    expect(sealed).not.toContain('orders');
    const part = JSON.parse(await sealer.open(sealed)) as { lineage: string; resource: unknown };
    expect(part.lineage).toMatch(/-/);
    expect(JSON.stringify(part.resource)).toContain('"private"');

    const listed = (await awsCliJson(moto.endpoint, 'sqs', 'list-queues')) as {
      QueueUrls?: string[];
    };
    expect(listed.QueueUrls).toEqual([queueOutcome.attributes['url']]);
  });

  it('plans nothing after the deploy, from the state it recorded', async () => {
    const opened = sealer.opened;
    const { changes } = await driver.plan([group, queue(0)], referenced);
    expect(changes.get(GROUP)?.action).toBe('UnChanged');
    expect(changes.get(QUEUE)?.action).toBe('UnChanged');
    expect(sealer.opened - opened).toBe(2);
  });

  it('reads drift after an out-of-band change, and nothing else', async () => {
    const url = String(driver.state.get(QUEUE)?.attributes['url']);
    await awsCliJson(
      moto.endpoint,
      'sqs',
      'set-queue-attributes',
      '--queue-url',
      url,
      '--attributes',
      'DelaySeconds=7',
    );
    const live = await driver.read([group, queue(0)]);
    expect(live.get(QUEUE)?.['delay_seconds']).toBe(7);
    expect(live.get(GROUP)).toEqual(driver.state.get(GROUP)?.attributes);
  });

  it('plans and applies an update in place, with its diff', async () => {
    const { changes } = await driver.plan([group, queue(3)], referenced);
    expect(changes.get(QUEUE)).toMatchObject({ action: 'Update' });
    expect(changes.get(QUEUE)?.diff).toContainEqual({
      path: 'delay_seconds',
      kind: 'change',
      before: 7,
      after: 3,
    });
    const { outcomes } = await driver.apply([group, queue(3)], {
      referencedAttributes: referenced,
    });
    expect(outcomes.get(QUEUE)).toMatchObject({
      status: 'succeeded',
      attributes: { delay_seconds: 3 },
    });
  });

  it('names the resource whose attributes Terraform refuses', async () => {
    const bad: Resource = {
      ...queue(0),
      id: 'hashicorp:aws:aws_sqs_queue:bad',
      attributes: { name: 'bad', no_such_argument: true },
    };
    const error: unknown = await driver
      .plan([group, queue(3), bad])
      .catch((caught: unknown) => caught);
    expect(isKusionError(error) && error.code).toBe('TERRAFORM_FAILED');
    expect(String(error)).toContain(
      'hashicorp:aws:aws_sqs_queue:bad: Extraneous JSON object property: No argument or block type is named "no_such_argument"',
    );
    expect(isKusionError(error) && error.hint).toContain(
      'fix the attributes of hashicorp:aws:aws_sqs_queue:bad',
    );
  });

  it('refuses a provider that is in no mirror, without running terraform', async () => {
    const password: Resource = {
      id: 'hashicorp:random:random_password:db',
      type: 'Terraform',
      attributes: { length: 16 },
      extensions: {
        provider: 'registry.terraform.io/hashicorp/random/3.6.0',
        resourceType: 'random_password',
      },
    };
    const error: unknown = await driver.plan([password]).catch((caught: unknown) => caught);
    expect(isKusionError(error) && error.code).toBe('TERRAFORM_PROVIDER_MISSING');
    expect(String(error)).toContain('registry.terraform.io/hashicorp/random 3.6.0');
  });

  it('destroys everything with one run; a second destroy has nothing to do', async () => {
    const { outcomes } = await driver.delete();
    expect(outcomes.get(GROUP)).toEqual({ status: 'deleted' });
    expect(outcomes.get(QUEUE)).toEqual({ status: 'deleted' });
    const listed = (await awsCliJson(moto.endpoint, 'sqs', 'list-queues')) as
      { QueueUrls?: string[] } | undefined;
    expect(listed?.QueueUrls ?? []).toEqual([]);
    expect((await driver.delete()).outcomes.size).toBe(0);
  });
});
