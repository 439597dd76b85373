/**
 * What each kind of GCP resource implements, so that read, plan, apply and delete are written
 * once for all kinds: the attributes it takes, its desired object, how to find the live object,
 * which fields cannot change in place, and the calls that create, converge and delete it.
 */
import type { Attributes } from '@kusion/sdk';
import type { Operation } from 'google-gax';
import { writeCall } from '../client/calls.js';
import { waitForOperation } from '../client/operations.js';
import { toProviderError } from '../client/provider-errors.js';
import type { FieldSpecs } from '../model/fields.js';
import type { GcpKind } from '../model/kinds.js';
import type { RunContext } from '../run-context.js';
import type { GcpSettings } from '../settings.js';

export interface KindContext {
  readonly run: RunContext;
  readonly signal: AbortSignal;
  /** The resource's id, for messages. */
  readonly resourceId: string;
}

export interface ChangeContext extends KindContext {
  readonly deadline?: number | undefined;
  readonly report: (status: string) => void;
}

export interface ImmutableField {
  readonly field: string;
  /**
   * Whether leaving the field out of the Spec means "none" (an IAM member's condition) rather than
   * "whatever it is" (a folder's `name`, given only to adopt one).
   */
  readonly isUnsetWhenAbsent?: boolean;
  /** Why it cannot change in place, as the end of a sentence: `a project id is permanent`. */
  readonly why: string;
}

/** What a lookup found. */
export interface Found {
  /** The live object, normalised: the same shape `desired` has, plus what the server assigns. */
  readonly live: Attributes;
  /** A project scheduled for deletion: gone for `read`, undeleted by `apply`. */
  readonly isDeleting?: boolean;
}

export interface KindHandler {
  readonly kind: GcpKind;
  readonly fields: FieldSpecs;
  /** Problems the field checks cannot see (a combination, a default that does not fit). */
  validate?(attributes: Attributes, settings: GcpSettings): string[];
  /**
   * The desired object in the live object's shape, defaults applied (from the id, from
   * `providers.gcp.parent`). References still waiting for a value stay as they are.
   */
  desired(id: string, attributes: Attributes, settings: GcpSettings): Attributes;
  /** Literal names replaced by the ones the API answers with (read-only calls). */
  canonicalize(desired: Attributes, context: KindContext): Promise<Attributes>;
  /** Finds the object an identity names: by its `name` when it has one, else by its natural key. */
  lookup(identity: Attributes, context: KindContext): Promise<Found | undefined>;
  /** Fields that cannot change in place: a change is a replacement. */
  readonly immutable: readonly ImmutableField[];
  /** Creates the object, or converges `existing` on `desired`; answers the live object. */
  apply(
    desired: Attributes,
    existing: Found | undefined,
    context: ChangeContext,
  ): Promise<Attributes>;
  /** Deletes the recorded object and waits until it is gone; what is gone already is success. */
  delete(recorded: Attributes, context: ChangeContext): Promise<void>;
}

/**
 * One step of a change: a call that starts a long-running operation, then the wait for it. Any
 * failure — of the call, the polling or the operation — becomes a ProviderError that says `doing`,
 * keeps Google's answer (`asRpcFailure`) and is retryable when transient. Answers the operation
 * (its `result` is the resource).
 */
export async function runOperation(
  context: ChangeContext,
  doing: string,
  start: () => Promise<readonly [Operation, ...unknown[]]>,
): Promise<Operation> {
  try {
    const [operation] = await writeCall(start, context.signal);
    await waitForOperation(operation, {
      resourceId: context.resourceId,
      doing,
      signal: context.signal,
      deadline: context.deadline,
      report: context.report,
    });
    return operation;
  } catch (error) {
    throw toProviderError(error, { resourceId: context.resourceId, doing });
  }
}
