/**
 * Long-running operations. Mutating methods answer a `google.longrunning.Operation` that is not
 * done; `GetOperation` finishes it after a configurable number of polls, with the response (or
 * the error) and the metadata packed as `google.protobuf.Any` of the types the client's
 * LongrunningDescriptor decodes, so `operation.promise()` and `checkXProgress()` work unchanged.
 *
 * The change itself is applied when the operation starts (so reads right after the call see it, as
 * Resource Manager's "gettable" projects are); an operation that fails applies nothing.
 */
import type { Faults } from './faults.ts';
import type { LoadedProtos } from './protos.ts';
import { notFound, RpcError } from './rpc-error.ts';
import { statusOf } from './status.ts';
import type { Any, Operation, Status } from './wire-types.ts';

export interface OperationPlan {
  /** `Projects.CreateProject`: names the operation and selects injected operation faults. */
  readonly method: string;
  /** Full message type name of the metadata, e.g. `google.cloud.resourcemanager.v3.CreateProjectMetadata`. */
  readonly metadataType: string;
  /** The metadata message, which may tell whether the operation is done. Default empty. */
  readonly metadata?: (isDone: boolean) => object;
  /** Full message type name of the response, e.g. `google.cloud.resourcemanager.v3.Project`. */
  readonly responseType: string;
  /** Applies the change and returns the response; an RpcError it throws fails the operation. */
  readonly commit: () => object;
}

interface OperationRecord {
  readonly name: string;
  readonly metadataType: string;
  readonly metadata: (isDone: boolean) => object;
  readonly outcome: { readonly response: Any } | { readonly error: Status };
  pollsLeft: number;
}

export class OperationStore {
  readonly #operations = new Map<string, OperationRecord>();
  readonly #protos: LoadedProtos;
  readonly #faults: Faults;
  #pollsToComplete: number;
  #sequence = 0n;

  constructor(protos: LoadedProtos, faults: Faults, pollsToComplete: number) {
    this.#protos = protos;
    this.#faults = faults;
    this.#pollsToComplete = checkPolls(pollsToComplete);
  }

  /** How many GetOperation calls it takes for a new operation to be done (0: done at once). */
  set pollsToComplete(polls: number) {
    this.#pollsToComplete = checkPolls(polls);
  }

  start(plan: OperationPlan): Operation {
    const record: OperationRecord = {
      name: this.#newName(plan.method),
      metadataType: plan.metadataType,
      metadata: plan.metadata ?? (() => ({})),
      outcome: this.#run(plan),
      pollsLeft: this.#pollsToComplete,
    };
    this.#operations.set(record.name, record);
    return this.#message(record);
  }

  /** One poll: the operation as it stands after it. */
  get(name: string | undefined): Operation {
    const record = name === undefined ? undefined : this.#operations.get(name);
    if (record === undefined) throw notFound(`Operation ${name ?? ''} not found.`);
    if (record.pollsLeft > 0) record.pollsLeft -= 1;
    return this.#message(record);
  }

  clear(): void {
    this.#operations.clear();
  }

  #run(plan: OperationPlan): OperationRecord['outcome'] {
    const injected = this.#faults.takeOperationFault(plan.method);
    if (injected) return { error: statusOf(injected, this.#protos) };
    try {
      return { response: this.#protos.pack(plan.responseType, plan.commit()) };
    } catch (error) {
      if (error instanceof RpcError) return { error: statusOf(error, this.#protos) };
      throw error;
    }
  }

  #message(record: OperationRecord): Operation {
    const done = record.pollsLeft === 0;
    const metadata = this.#protos.pack(record.metadataType, record.metadata(done));
    return done
      ? { name: record.name, done, metadata, ...record.outcome }
      : { name: record.name, done, metadata };
  }

  /** `operations/cp.1000000000000000001` for CreateProject, as Resource Manager names them. */
  #newName(method: string): string {
    const rpc = method.slice(method.lastIndexOf('.') + 1);
    const initials = (rpc.match(/[A-Z]/g) ?? []).join('').toLowerCase();
    this.#sequence += 1n;
    return `operations/${initials}.${String(1_000_000_000_000_000_000n + this.#sequence)}`;
  }
}

function checkPolls(polls: number): number {
  if (!Number.isInteger(polls) || polls < 0)
    throw new Error(`operation polls to complete must be an integer >= 0, got ${String(polls)}`);
  return polls;
}
