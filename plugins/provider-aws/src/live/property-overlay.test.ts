import { describe, expect, it } from 'vitest';
import { applyDifferences, overlayLive, sameValue } from './property-overlay.js';

describe('live values in template properties', () => {
  it('applies CloudFormation drift differences, typed like the expected values', () => {
    const properties = {
      VisibilityTimeout: 30,
      Name: 'a',
      Tags: [{ Key: 'k', Value: 'v' }],
      Gone: 1,
    };
    expect(
      applyDifferences(properties, [
        { path: '/VisibilityTimeout', actual: '60', kind: 'NOT_EQUAL' },
        { path: '/Name', actual: '61', kind: 'NOT_EQUAL' },
        { path: '/Tags/0/Value', actual: 'w', kind: 'NOT_EQUAL' },
        { path: '/Gone', actual: undefined, kind: 'REMOVE' },
        { path: '/Added', actual: 'true', kind: 'ADD' },
      ]),
    ).toEqual({ VisibilityTimeout: 60, Name: '61', Tags: [{ Key: 'k', Value: 'w' }], Added: true });
    expect(properties.VisibilityTimeout).toBe(30);
  });

  it('overlays a service’s view on literal properties only, keeping the template’s spelling when equal', () => {
    const properties = {
      VisibilityTimeout: '30',
      DelaySeconds: 5,
      RedrivePolicy: { deadLetterTargetArn: { 'Fn::GetAtt': ['Dlq', 'Arn'] } },
      KmsMasterKeyId: '$kusion_path.aws:k.Arn',
    };
    expect(
      overlayLive(properties, {
        VisibilityTimeout: 30,
        DelaySeconds: 9,
        MessageRetentionPeriod: 10,
        RedrivePolicy: { other: 1 },
        KmsMasterKeyId: 'arn:k',
      }),
    ).toEqual({ ...properties, DelaySeconds: 9 });
    expect(overlayLive(properties, { VisibilityTimeout: 30, DelaySeconds: 5 })).toBe(properties);
  });

  it('compares tags as a set and keeps the template’s order', () => {
    const expected = [
      { Key: 'a', Value: '1' },
      { Key: 'b', Value: '2' },
    ];
    expect(
      overlayLive(
        { Tags: expected },
        {
          Tags: [
            { Key: 'b', Value: '2' },
            { Key: 'a', Value: '1' },
          ],
        },
      ),
    ).toEqual({ Tags: expected });
    expect(
      overlayLive(
        { Tags: expected },
        {
          Tags: [
            { Key: 'c', Value: '3' },
            { Key: 'a', Value: '1' },
          ],
        },
      ),
    ).toEqual({
      Tags: [
        { Key: 'a', Value: '1' },
        { Key: 'c', Value: '3' },
      ],
    });
  });

  it('treats the spellings templates use as equal', () => {
    expect(sameValue(30, '30')).toBe(true);
    expect(sameValue(true, 'true')).toBe(true);
    expect(sameValue({ a: 1 }, { a: '1' })).toBe(true);
    expect(sameValue({ a: 1 }, '[object Object]')).toBe(false);
  });
});
