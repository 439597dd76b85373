/**
 * google.longrunning.Operations as Resource Manager serves it: GetOperation only (the other
 * methods answer UNIMPLEMENTED). Each call is one poll of the operation.
 */
import type { Handler, ServiceImplementation } from '../grpc-server.ts';
import type { OperationStore } from '../operations.ts';

interface GetOperationRequest {
  readonly name?: string;
}

export function operationsService(operations: OperationStore): ServiceImplementation {
  const getOperation: Handler<GetOperationRequest> = (request) => operations.get(request.name);
  return { service: 'google.longrunning.Operations', methods: { GetOperation: getOperation } };
}
