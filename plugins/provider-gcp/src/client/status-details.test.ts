import { describe, expect, it } from 'vitest';
import { protobuf } from 'google-gax';
import { describeFailure, failureOfStatus } from './rpc-errors.js';
import { violationsOf } from './status-details.js';

describe('error details', () => {
  it('decodes a PreconditionFailure packed in an operation’s error', () => {
    const type = protobuf.Root.fromJSON({
      nested: {
        PreconditionFailure: {
          fields: { violations: { rule: 'repeated', type: 'Violation', id: 1 } },
          nested: {
            Violation: {
              fields: {
                type: { type: 'string', id: 1 },
                subject: { type: 'string', id: 2 },
                description: { type: 'string', id: 3 },
              },
            },
          },
        },
      },
    }).lookupType('PreconditionFailure');
    const value = type
      .encode(
        type.create({
          violations: [
            {
              type: 'FOLDER_NAME_UNIQUENESS_VIOLATION',
              subject: 'organizations/1',
              description: 'taken',
            },
          ],
        }),
      )
      .finish();
    const failure = failureOfStatus({
      code: 9,
      message: 'Precondition check failed.',
      details: [{ type_url: 'type.googleapis.com/google.rpc.PreconditionFailure', value }],
    });
    expect(failure.codeName).toBe('FAILED_PRECONDITION');
    expect(describeFailure(failure)).toBe(
      'FAILED_PRECONDITION: Precondition check failed. (FOLDER_NAME_UNIQUENESS_VIOLATION organizations/1 taken)',
    );
  });

  it('reads decoded details and REST JSON details alike, and ignores what it cannot decode', () => {
    expect(
      violationsOf([
        { violations: [{ type: 'LIEN', subject: 'liens/1', description: 'held' }] },
        {
          '@type': 'type.googleapis.com/google.rpc.BadRequest',
          fieldViolations: [{ field: 'parent', description: 'required' }],
        },
        { type_url: 'type.googleapis.com/google.rpc.Help', value: new Uint8Array([1, 2]) },
      ]),
    ).toEqual([
      { type: 'LIEN', subject: 'liens/1', description: 'held' },
      { subject: 'parent', description: 'required' },
    ]);
  });
});
