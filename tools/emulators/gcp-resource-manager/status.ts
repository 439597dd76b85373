/**
 * An RpcError as the google.rpc.Status that travels in `Operation.error` and, encoded, in the
 * `grpc-status-details-bin` trailer, with its details packed as Any.
 */
import type { LoadedProtos } from './protos.ts';
import type { RpcError } from './rpc-error.ts';
import type { Status } from './wire-types.ts';

export const STATUS_TYPE = 'google.rpc.Status';

export function statusOf(error: RpcError, protos: LoadedProtos): Status {
  return {
    code: error.code,
    message: error.message,
    details: error.details.map((detail) => protos.pack(detail.type, detail.value)),
  };
}
