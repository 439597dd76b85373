/**
 * Fault injection: answer the next N calls of a method with an error code (RESOURCE_EXHAUSTED,
 * UNAVAILABLE, ABORTED...), or make the next long-running operation of a method end in error.
 *
 * A method is matched by `Service.Method` (`Projects.GetIamPolicy`) or by the bare method name
 * (`GetIamPolicy`, any service).
 */
import type { status } from '@grpc/grpc-js';
import { injectedError, type RpcError } from './rpc-error.ts';

export interface CallFault {
  readonly method: string;
  readonly code: status;
  /** How many calls to answer with the error. Default 1. */
  readonly times?: number;
  readonly message?: string;
}

export interface OperationFault {
  readonly method: string;
  readonly code: status;
  readonly message?: string;
}

interface Armed {
  readonly method: string;
  readonly code: status;
  readonly message: string | undefined;
  remaining: number;
}

export class Faults {
  #calls: Armed[] = [];
  #operations: Armed[] = [];

  failCalls(fault: CallFault): void {
    const times = fault.times ?? 1;
    if (!Number.isInteger(times) || times < 1)
      throw new Error(`times must be a positive integer, got ${String(fault.times)}`);
    this.#calls.push({ ...armed(fault), remaining: times });
  }

  failNextOperation(fault: OperationFault): void {
    this.#operations.push({ ...armed(fault), remaining: 1 });
  }

  /** The error to answer this call with, consuming one use of the first matching fault. */
  takeCallFault(method: string): RpcError | undefined {
    return take(this.#calls, method);
  }

  /** The error to end this call's operation with, if one was armed for the method. */
  takeOperationFault(method: string): RpcError | undefined {
    return take(this.#operations, method);
  }

  clear(): void {
    this.#calls = [];
    this.#operations = [];
  }
}

function armed(fault: CallFault | OperationFault): Omit<Armed, 'remaining'> {
  if (!fault.method) throw new Error('a fault needs the method it applies to');
  return { method: fault.method, code: fault.code, message: fault.message };
}

function take(faults: Armed[], method: string): RpcError | undefined {
  const index = faults.findIndex((fault) => matches(fault.method, method));
  const fault = faults[index];
  if (fault === undefined) return undefined;
  fault.remaining -= 1;
  if (fault.remaining === 0) faults.splice(index, 1);
  return injectedError(fault.code, fault.message, method);
}

function matches(pattern: string, method: string): boolean {
  return pattern === method || method.endsWith(`.${pattern}`);
}
