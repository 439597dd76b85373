import { readFile, readdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { ResourceProvider } from '@kusion/sdk';
import {
  configuredTestProvider,
  createTempProject,
  resourceTestProvider,
  requestBase,
  testResource,
} from '../../test/temp-project.js';
import type { TempProject } from '../../test/temp-project.js';
import { createRecordingIoHost } from '../recording-io-host.js';
import { createProviderDriver } from '../conformance/provider-driver.js';
import type { ProviderDriver } from '../conformance/provider-driver.js';
import { UNKNOWN_AFTER_APPLY } from './prediction.js';

let project: TempProject;
let provider: ResourceProvider;
let driver: ProviderDriver;
const cloudDir = () => join(project.dir, '.cloud');
const storedFile = async (name: string) =>
  JSON.parse(await readFile(join(cloudDir(), name), 'utf8')) as unknown;
const logLines = async () =>
  (await readFile(join(cloudDir(), 'operations.log'), 'utf8'))
    .trim()
    .split('\n')
    .map((line) => JSON.parse(line) as { ts: string; op: string; id: string });

beforeEach(async () => {
  project = await createTempProject();
  provider = await resourceTestProvider({ dir: '.cloud' }, project.context);
  driver = createProviderDriver(provider, project.context, createRecordingIoHost(), []);
});
afterEach(() => project.remove());

describe('the test provider stores each resource as a JSON file', () => {
  it('holds exactly the attributes plus a uid kept across updates', async () => {
    const created = await driver.apply(
      testResource('test:app.v2', { image: 'web:1', ports: [80] }),
      'Create',
    );
    const uid = created.result.attributes['uid'];
    expect(uid).toMatch(/^[0-9a-f-]{36}$/);
    expect(await storedFile('test%3Aapp.v2.json')).toEqual({ image: 'web:1', ports: [80], uid });
    expect(created.result.attributes).toEqual({ image: 'web:1', ports: [80], uid });

    await driver.apply(testResource('test:app.v2', { image: 'web:2' }), 'Update');
    expect(await storedFile('test%3Aapp.v2.json')).toEqual({ image: 'web:2', uid });
    expect(await readdir(cloudDir())).toEqual(
      expect.arrayContaining(['operations.log', 'test%3Aapp.v2.json']),
    );
    expect((await readdir(cloudDir())).some((name) => name.endsWith('.tmp'))).toBe(false);
  });

  it('creates its folder once, in its factory', async () => {
    await expect(readdir(cloudDir())).resolves.toEqual([]);
  });

  it('reads the file as is, so editing it by hand is drift', async () => {
    const resource = testResource('a', { size: 1 });
    const { state } = await driver.apply(resource, 'Create');
    await writeFile(
      join(cloudDir(), 'a.json'),
      JSON.stringify({ size: 9, uid: state.attributes['uid'] }),
    );
    const live = await driver.read(resource);
    expect(live).toEqual({ size: 9, uid: state.attributes['uid'] });
    const planned = await driver.plan(resource, live);
    expect(planned.predicted).not.toEqual(live);
  });

  it('reports a file that is not a JSON object, naming it', async () => {
    await writeFile(join(cloudDir(), 'bad.json'), '{ not json');
    await expect(driver.read(testResource('bad', {}))).rejects.toThrow(
      /bad\.json is not valid JSON/,
    );
  });
});

describe('operations.log', () => {
  it('gets one line per create, update and delete; deleting what is gone logs nothing', async () => {
    const resource = testResource('x:1', { a: 1 });
    await driver.apply(resource, 'Create');
    await driver.apply(resource, 'Update');
    await driver.delete(resource);
    await driver.delete(resource);
    const lines = await logLines();
    expect(lines.map(({ op, id }) => ({ op, id }))).toEqual([
      { op: 'create', id: 'x:1' },
      { op: 'update', id: 'x:1' },
      { op: 'delete', id: 'x:1' },
    ]);
    for (const { ts } of lines) expect(new Date(ts).toISOString()).toBe(ts);
  });

  it('decides create or update by whether the object exists, not by the requested action', async () => {
    const resource = testResource('x', { a: 1 });
    await driver.apply(resource, 'Update');
    await driver.apply(resource, 'Create');
    expect((await logLines()).map(({ op }) => op)).toEqual(['create', 'update']);
  });

  it('keeps every line whole under parallel applies', async () => {
    await Promise.all(
      Array.from({ length: 200 }, (_, index) =>
        driver.apply(testResource(`p${index}`, { index }), 'Create'),
      ),
    );
    const lines = await logLines();
    expect(lines).toHaveLength(200);
    expect(new Set(lines.map(({ id }) => id)).size).toBe(200);
  });
});

describe('plan', () => {
  it('predicts the uid as unknown for a new object, and the live uid otherwise', async () => {
    const resource = testResource('a', { size: 1 });
    expect((await driver.plan(resource, undefined)).predicted).toEqual({
      size: 1,
      uid: UNKNOWN_AFTER_APPLY,
    });
    const { result } = await driver.apply(resource, 'Create');
    const live = await driver.read(resource);
    expect((await driver.plan(resource, live)).predicted).toEqual(result.attributes);
  });

  it('normalises like read: undefined attributes disappear', async () => {
    const resource = testResource('a', { size: 1, note: undefined });
    await driver.apply(resource, 'Create');
    const live = await driver.read(resource);
    expect(Object.keys((await driver.plan(resource, live)).predicted)).toEqual(
      Object.keys(live ?? {}),
    );
  });

  it('reports declared sensitive paths that hold a value, in plan and apply', async () => {
    const resource = testResource(
      'db',
      { password: 'x', nested: { token: 't' } },
      { sensitivePaths: ['password', 'nested.token', 'absent'] },
    );
    expect((await driver.plan(resource, undefined)).sensitivePaths).toEqual([
      'password',
      'nested.token',
    ]);
    expect((await driver.apply(resource, 'Create')).result.sensitivePaths).toEqual([
      'password',
      'nested.token',
    ]);
    expect(
      (await driver.plan(testResource('plain', {}), undefined)).sensitivePaths,
    ).toBeUndefined();
  });

  it('plans a replacement when an immutable attribute changes, and replacing gives a new uid', async () => {
    const extensions = { immutablePaths: ['zone'] };
    const { state } = await driver.apply(
      testResource('vm', { zone: 'a', size: 1 }, extensions),
      'Create',
    );
    const live = await driver.read(state);
    const resized = await driver.plan(testResource('vm', { zone: 'a', size: 2 }, extensions), live);
    expect(resized.replaceReason).toBeUndefined();
    const moved = testResource('vm', { zone: 'b', size: 1 }, extensions);
    const planned = await driver.plan(moved, live);
    expect(planned.replaceReason).toBe('immutable attribute "zone" changed');
    expect(planned.predicted['uid']).toBe(UNKNOWN_AFTER_APPLY);
    const { result } = await driver.apply(moved, 'Update');
    expect(result.attributes['uid']).not.toBe(state.attributes['uid']);
  });
});

describe('other provider methods', () => {
  it('validate reports the reserved uid attribute and malformed path lists, all at once', async () => {
    const diagnostics = await provider.validate?.({
      ...requestBase(project.context),
      resources: [
        testResource('a', { uid: 'mine' }),
        testResource('b', {}, { sensitivePaths: 'password' }),
        testResource('c', {}),
      ],
    });
    expect(diagnostics?.map(({ message }) => message)).toEqual([
      'resource "a": attribute "uid" is reserved: the test cloud assigns it',
      'resource "b": extensions.sensitivePaths must be a list of attribute paths, received "password"',
    ]);
  });

  it('import describes an existing object without its uid, or nothing', async () => {
    const { result } = await driver.apply(testResource('a', { size: 1 }), 'Create');
    const base = requestBase(project.context);
    expect(await provider.import?.({ ...base, type: 'Test', id: 'a' })).toEqual({
      resource: { id: 'a', type: 'Test', attributes: { size: 1 } },
      live: result.attributes,
    });
    expect(await provider.import?.({ ...base, type: 'Test', id: 'missing' })).toBeUndefined();
  });

  it('refuses bad settings in its factory with a clear error', async () => {
    await expect(configuredTestProvider({ dir: 7 }, project.context)).rejects.toThrow(
      /invalid settings for provider "test": "dir" must be a non-empty folder path, received 7 \(a number\)/,
    );
  });

  it('is the batch kind only with batch: true', async () => {
    expect(provider.kind).toBe('resource');
    const batched = await configuredTestProvider({ dir: '.cloud', batch: true }, project.context);
    expect(batched).toMatchObject({
      kind: 'batch',
      plan: expect.any(Function),
      apply: expect.any(Function),
      delete: expect.any(Function),
      read: expect.any(Function),
    });
  });
});
