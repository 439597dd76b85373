import type { ResourceState, Sealer } from '@kusion/sdk';
import { isKusionError } from '@kusion/sdk';
import { describe, expect, it } from 'vitest';
import {
  rebuildState,
  recordState,
  SEALED_STATE_ATTRIBUTE,
  sensitivePathsOf,
} from './sealed-state.js';

/** Reversible and visibly not clear text: enough to see what goes through the sealer. */
const sealer: Sealer = {
  seal: (plain) => Promise.resolve(`sealed:${Buffer.from(plain).toString('base64')}`),
  open: (sealed) => Promise.resolve(Buffer.from(sealed.slice(7), 'base64').toString('utf8')),
};

const stateText = JSON.stringify({
  version: 4,
  terraform_version: '1.11.4',
  serial: 3,
  lineage: 'abc-123',
  outputs: {},
  resources: [
    {
      mode: 'managed',
      type: 'aws_db_instance',
      name: 'db',
      provider: 'provider["registry.terraform.io/hashicorp/aws"]',
      instances: [
        {
          schema_version: 2,
          attributes: { id: 'db-1', password: 'hunter2' },
          sensitive_attributes: [[{ type: 'get_attr', value: 'password' }]],
          private: 'cHJpdmF0ZQ==',
        },
      ],
    },
    { mode: 'data', type: 'aws_region', name: 'current', provider: 'x', instances: [{}] },
  ],
});

describe('sealed Terraform state', () => {
  it('records each resource with its attributes, sensitive paths and its sealed part', async () => {
    const records = await recordState(
      stateText,
      (address) =>
        address === 'aws_db_instance.db' ? 'hashicorp:aws:aws_db_instance:db' : undefined,
      sealer,
    );
    expect([...records.keys()]).toEqual(['hashicorp:aws:aws_db_instance:db']);
    const record = records.get('hashicorp:aws:aws_db_instance:db');
    expect(record?.sensitivePaths).toEqual(['password']);
    expect(record?.attributes['id']).toBe('db-1');
    const sealed = String(record?.attributes[SEALED_STATE_ATTRIBUTE]);
    expect(sealed).not.toContain('hunter2');

    const prior: ResourceState = {
      id: 'hashicorp:aws:aws_db_instance:db',
      type: 'Terraform',
      attributes: record?.attributes ?? {},
    };
    const rebuilt = await rebuildState([prior], sealer);
    const state = JSON.parse(rebuilt.text ?? '{}') as Record<string, unknown>;
    expect(state).toMatchObject({
      version: 4,
      serial: 3,
      lineage: 'abc-123',
      terraform_version: '1.11.4',
    });
    expect(JSON.stringify(state)).toContain('"private":"cHJpdmF0ZQ=="');
    expect(rebuilt.idsByAddress.get('aws_db_instance.db')).toBe(prior.id);
  });

  it('rebuilds a resource Kusion recorded (attributes in clear, no sealed part) as Kusion does', async () => {
    const rebuilt = await rebuildState(
      [
        {
          id: 'hashicorp:aws:aws_sqs_queue:orders',
          type: 'Terraform',
          attributes: { id: 'https://q/orders', name: 'orders' },
          extensions: {
            provider: 'registry.terraform.io/hashicorp/aws/5.0.1',
            resourceType: 'aws_sqs_queue',
          },
        },
      ],
      undefined,
    );
    expect(JSON.parse(rebuilt.text ?? '{}')).toMatchObject({
      resources: [
        {
          mode: 'managed',
          type: 'aws_sqs_queue',
          name: 'orders',
          provider: 'provider["registry.terraform.io/hashicorp/aws"]',
          instances: [{ attributes: { id: 'https://q/orders', name: 'orders' } }],
        },
      ],
    });
  });

  it('refuses to keep state without a sealer', async () => {
    const error: unknown = await recordState(stateText, () => 'x', undefined).catch(
      (caught: unknown) => caught,
    );
    expect(isKusionError(error) && error.code).toBe('TERRAFORM_STATE_UNSEALED');
  });

  it("reads Terraform's sensitive paths, indexes included", () => {
    expect(
      sensitivePathsOf([
        [{ type: 'get_attr', value: 'password' }],
        [
          { type: 'get_attr', value: 'users' },
          { type: 'index', value: { value: 0, type: 'number' } },
          { type: 'get_attr', value: 'secret' },
        ],
      ]),
    ).toEqual(['password', 'users[0].secret']);
  });
});
