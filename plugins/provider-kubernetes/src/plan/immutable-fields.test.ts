import { describe, expect, it } from 'vitest';
import { KubeApiError } from '../client/api-error.js';
import { replaceReasonOf } from './immutable-fields.js';

const invalid = (
  causes: { reason?: string; message: string; field?: string }[],
  message = 'is invalid',
) =>
  new KubeApiError(
    422,
    { kind: 'Status', message, reason: 'Invalid', details: { causes } },
    'PATCH x',
  );

describe('changes that need a replacement', () => {
  it.each([
    ['spec.selector', 'Invalid value: v1.LabelSelector{...}: field is immutable'],
    ['spec.clusterIPs[0]', 'Invalid value: []string{"10.0.0.99"}: may not change once set'],
    ['spec.template', 'Invalid value: core.PodTemplateSpec{...}: field is immutable'],
    ['data', 'Forbidden: field is immutable when `immutable` is set'],
    [
      'spec',
      "Forbidden: updates to statefulset spec for fields other than 'replicas', 'template', and 'updateStrategy' are forbidden",
    ],
  ])('names the field for %s', (field, message) => {
    expect(replaceReasonOf(invalid([{ reason: 'FieldValueInvalid', message, field }]))).toBe(
      `${field} cannot change in place: the object is deleted and created again`,
    );
  });

  it('is an error, not a replacement, when a cause is an invalid value', () => {
    const error = invalid([
      { message: 'field is immutable', field: 'spec.selector' },
      { message: 'Invalid value: -1: must be greater than or equal to 0', field: 'spec.replicas' },
    ]);
    expect(replaceReasonOf(error)).toBeUndefined();
    expect(replaceReasonOf(new KubeApiError(409, {}, 'x'))).toBeUndefined();
  });
});
