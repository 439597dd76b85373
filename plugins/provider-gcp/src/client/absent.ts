/**
 * GCP answers PERMISSION_DENIED for what does not exist *or* what the caller cannot see (so that
 * nobody can probe for ids), and NOT_FOUND for a few kinds (tag bindings, liens, operations). A
 * lookup reads both as "not there"; every other failure is one.
 */
import { asRpcFailure, Status } from './rpc-errors.js';

export async function orAbsent<T>(lookup: Promise<T>): Promise<T | undefined> {
  try {
    return await lookup;
  } catch (error) {
    if (isAbsent(error)) return undefined;
    throw error;
  }
}

export function isAbsent(error: unknown): boolean {
  const code = asRpcFailure(error)?.code;
  return code === Status.PERMISSION_DENIED || code === Status.NOT_FOUND;
}
