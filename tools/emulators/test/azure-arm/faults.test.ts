/**
 * Fault injection, programmatic and over the `/_emulator/` control endpoints: throttling (429 +
 * Retry-After) and 5xx answers the SDK's retry policies must ride out, resource failures during
 * deployments, the request log, reset.
 */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { failureOf, FAST, rawRequest, startTestbed, storageAccount, template } from './helpers.ts';
import type { ArmTestbed } from './helpers.ts';

let testbed: ArmTestbed;

beforeAll(async () => {
  testbed = await startTestbed();
});
afterAll(() => testbed.emulator.close());
beforeEach(() => {
  testbed.emulator.controls.reset();
});

const control = (method: string, path: string, body?: object) =>
  rawRequest(
    testbed.emulator,
    method,
    `/_emulator/${path}`,
    body === undefined ? {} : { body: JSON.stringify(body) },
  );

describe('request faults', () => {
  it('answers 429 with Retry-After; the SDK waits that long and the call succeeds', async () => {
    testbed.emulator.controls.failRequests({
      method: 'PUT',
      path: '/resourcegroups/throttled$',
      status: 429,
      count: 2,
      retryAfterSeconds: 1,
    });
    const started = Date.now();
    const group = await testbed.resources.resourceGroups.createOrUpdate('throttled', {
      location: 'eastus',
    });
    expect(group.name).toBe('throttled');
    expect(Date.now() - started).toBeGreaterThanOrEqual(1900);
    const puts = testbed.emulator.requests.filter(({ method }) => method === 'PUT');
    expect(puts.map(({ status, headers }) => [status, headers['retry-after']])).toEqual([
      [429, '1'],
      [429, '1'],
      [201, undefined],
    ]);
  });

  it('answers 503 and 500 a set number of times, then serves the request', async () => {
    await testbed.resources.resourceGroups.createOrUpdate('flaky', { location: 'eastus' });
    testbed.emulator.controls.failRequests({
      method: 'GET',
      path: '/resourcegroups/flaky$',
      status: 503,
      retryAfterSeconds: 0,
    });
    testbed.emulator.controls.failRequests({
      method: 'GET',
      path: '/resourcegroups/flaky$',
      status: 500,
    });
    expect((await testbed.resources.resourceGroups.get('flaky')).name).toBe('flaky');
    expect(
      testbed.emulator.requests
        .filter(({ method }) => method === 'GET')
        .map(({ status }) => status),
    ).toEqual([503, 500, 200]);
  });

  it('gives up like ARM when throttling outlasts the retries', async () => {
    testbed.emulator.controls.failRequests({
      path: '/resourcegroups/busy$',
      status: 429,
      count: 10,
      retryAfterSeconds: 0,
      code: 'TooManyRequests',
      message: 'slow down',
    });
    const failure = await failureOf(
      testbed.resources.resourceGroups.createOrUpdate('busy', { location: 'eastus' }),
    );
    expect(failure).toMatchObject({
      statusCode: 429,
      code: 'TooManyRequests',
      message: 'slow down',
    });
  });

  it('throttles a deployment poll; the poller retries and the deployment succeeds', async () => {
    await testbed.resources.resourceGroups.createOrUpdate('throttled-deploy', {
      location: 'eastus',
    });
    testbed.emulator.controls.failRequests({
      path: '/operationStatuses/',
      status: 429,
      retryAfterSeconds: 1,
    });
    const deployment = await testbed.deployments.deployments.createOrUpdate(
      'throttled-deploy',
      'stack',
      {
        properties: { mode: 'Incremental', template: template([storageAccount('throttleddata')]) },
      },
      FAST,
    );
    expect(deployment.properties?.provisioningState).toBe('Succeeded');
    expect(
      testbed.emulator.requests
        .filter(({ path }) => path.includes('/operationStatuses/'))
        .map(({ status }) => status),
    ).toEqual([429, 200, 200]);
  });
});

describe('control endpoints', () => {
  it('inject a resource failure, expose the request log and reset', async () => {
    await testbed.resources.resourceGroups.createOrUpdate('controlled', { location: 'eastus' });
    const injected = await control('POST', 'faults/resource-failures', {
      resource: 'controlleddata',
      code: 'QuotaExceeded',
      message: 'No more accounts',
    });
    expect(injected).toMatchObject({
      status: 201,
      body: { resource: 'controlleddata', code: 'QuotaExceeded' },
    });
    await failureOf(
      testbed.deployments.deployments.createOrUpdate(
        'controlled',
        'stack',
        {
          properties: {
            mode: 'Incremental',
            template: template([storageAccount('controlleddata')]),
          },
        },
        FAST,
      ),
    );
    const deployment = await testbed.deployments.deployments.get('controlled', 'stack');
    expect(deployment.properties?.error?.details).toEqual([
      expect.objectContaining({ code: 'QuotaExceeded', message: 'No more accounts' }),
    ]);

    const log = await control('GET', 'requests');
    expect(log.status).toBe(200);
    const entries = (
      log.body as {
        value: { method: string; path: string; apiVersion: string | null; status: number }[];
      }
    ).value;
    expect(
      entries.find(({ method, path }) => method === 'PUT' && path.endsWith('/deployments/stack')),
    ).toMatchObject({
      apiVersion: '2026-06-01',
      status: 201,
    });
    expect(entries.some(({ path }) => path.startsWith('/_emulator'))).toBe(false);

    expect(await control('POST', 'reset')).toMatchObject({ status: 204 });
    expect(testbed.emulator.requests).toEqual([]);
    expect(await failureOf(testbed.resources.resourceGroups.get('controlled'))).toMatchObject({
      statusCode: 404,
      code: 'ResourceGroupNotFound',
    });
  });

  it('inject request faults, clear them, and change settings', async () => {
    expect(
      await control('POST', 'faults/requests', {
        path: '/resourcegroups/x$',
        status: 503,
        count: 5,
      }),
    ).toMatchObject({ status: 201 });
    expect(await control('DELETE', 'faults')).toMatchObject({ status: 204 });
    await testbed.resources.resourceGroups.createOrUpdate('x', { location: 'eastus' });
    expect(testbed.emulator.requests.map(({ status }) => status)).toContain(201);
    expect(await control('PUT', 'settings', { runningPolls: 3 })).toMatchObject({
      status: 200,
      body: { runningPolls: 3, retryAfterSeconds: 0 },
    });
    await testbed.deployments.deployments.createOrUpdate(
      'x',
      'slow',
      { properties: { mode: 'Incremental', template: template([]) } },
      FAST,
    );
    const polls = testbed.emulator.requests.filter(({ path }) =>
      path.includes('/operationStatuses/'),
    );
    expect(polls).toHaveLength(4);
  });

  it('issue tokens for tools that have no Entra client', async () => {
    const issued = await control('POST', 'token', {});
    const token = (issued.body as { access_token: string }).access_token;
    const answer = await rawRequest(
      testbed.emulator,
      'GET',
      `/subscriptions/${testbed.subscriptionId}?api-version=2025-04-01`,
      { token },
    );
    expect(answer).toMatchObject({
      status: 200,
      body: { subscriptionId: testbed.subscriptionId, state: 'Enabled' },
    });
  });

  it('refuse malformed control requests', async () => {
    expect(await control('POST', 'faults/requests', { path: '(', status: 429 })).toMatchObject({
      status: 400,
      body: { error: { code: 'InvalidControlRequest' } },
    });
    expect(await control('POST', 'faults/requests', { path: 'x', status: 404 })).toMatchObject({
      status: 400,
    });
    expect(await control('POST', 'faults/resource-failures', { code: 'X' })).toMatchObject({
      status: 400,
    });
    expect(await control('GET', 'nothing')).toMatchObject({ status: 404 });
  });
});
