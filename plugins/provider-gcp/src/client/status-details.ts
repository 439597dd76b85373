/**
 * The details Google attaches to an error (`google.rpc.PreconditionFailure`, `BadRequest`,
 * `ErrorInfo`) say what GCP's message does not: "Precondition check failed." alone does not name
 * the lien or the project that blocks a deletion. gax decodes them for a failed call; a failed
 * long-running operation carries them still packed as `Any`, so they are decoded here.
 */
import { protobuf } from 'google-gax';

/** One thing a detail names: a violation's type and subject, or a field of the request. */
export interface Violation {
  readonly type?: string | undefined;
  readonly subject?: string | undefined;
  readonly description?: string | undefined;
}

const root = protobuf.Root.fromJSON({
  nested: {
    google: {
      nested: {
        rpc: {
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
            BadRequest: {
              fields: { fieldViolations: { rule: 'repeated', type: 'FieldViolation', id: 1 } },
              nested: {
                FieldViolation: {
                  fields: {
                    field: { type: 'string', id: 1 },
                    description: { type: 'string', id: 2 },
                  },
                },
              },
            },
          },
        },
      },
    },
  },
});
const PRECONDITION_FAILURE = root.lookupType('google.rpc.PreconditionFailure');
const BAD_REQUEST = root.lookupType('google.rpc.BadRequest');
const TYPE_PREFIX = 'type.googleapis.com/';

/**
 * The violations in a list of details: decoded messages (gax's `statusDetails`), packed `Any`s
 * (`{ type_url, value }` of an operation's error) or proto3 JSON (`{ '@type', ... }` of REST).
 */
export function violationsOf(details: unknown): Violation[] {
  if (!Array.isArray(details)) return [];
  return details.flatMap((detail: unknown) => violationsOfOne(detail));
}

function violationsOfOne(detail: unknown): Violation[] {
  if (typeof detail !== 'object' || detail === null) return [];
  const record = detail as Record<string, unknown>;
  const typeUrl = record['type_url'] ?? record['typeUrl'];
  if (typeof typeUrl === 'string' && record['value'] instanceof Uint8Array) {
    const type = typeUrl.slice(TYPE_PREFIX.length);
    const decoder =
      type === 'google.rpc.PreconditionFailure'
        ? PRECONDITION_FAILURE
        : type === 'google.rpc.BadRequest'
          ? BAD_REQUEST
          : undefined;
    if (!decoder) return [];
    try {
      return violationsOfOne(decoder.toObject(decoder.decode(record['value'])));
    } catch {
      return []; // a detail that does not decode adds nothing to the message
    }
  }
  const violations = record['violations'];
  if (Array.isArray(violations)) return violations.filter(isObject).map(toViolation);
  const fieldViolations = record['fieldViolations'] ?? record['field_violations'];
  if (Array.isArray(fieldViolations)) {
    return fieldViolations.filter(isObject).map((violation) => ({
      subject: stringOr(violation['field']),
      description: stringOr(violation['description']),
    }));
  }
  return [];
}

function toViolation(violation: Record<string, unknown>): Violation {
  return {
    type: stringOr(violation['type']),
    subject: stringOr(violation['subject']),
    description: stringOr(violation['description']),
  };
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null;
}

function stringOr(value: unknown): string | undefined {
  return typeof value === 'string' && value !== '' ? value : undefined;
}
