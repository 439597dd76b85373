/**
 * The gRPC server: every method of every served service goes through one dispatcher that records
 * the call, answers injected faults, runs the handler, and turns an RpcError into a gRPC status
 * with `grpc-status-details-bin`. Methods a service does not implement answer UNIMPLEMENTED, and
 * services the emulator does not serve are refused by grpc-js the same way.
 */
import * as grpc from '@grpc/grpc-js';
import type { Faults } from './faults.ts';
import type { OperationPlan, OperationStore } from './operations.ts';
import type { LoadedProtos } from './protos.ts';
import type { RequestLog } from './request-log.ts';
import { Code, codeName, RpcError } from './rpc-error.ts';
import { STATUS_TYPE, statusOf } from './status.ts';
import type { Operation } from './wire-types.ts';

export interface CallContext {
  /** `Projects.CreateProject` */
  readonly method: string;
  /** Starts the long-running operation this call answers (see operations.ts). */
  startOperation(plan: Omit<OperationPlan, 'method'>): Operation;
}

/** Handles one method; requests arrive decoded with .proto field names (see protos.ts). */
export type Handler<Request> = (request: Request, context: CallContext) => object | Promise<object>;

export interface ServiceImplementation {
  /** Full service name, e.g. `google.cloud.resourcemanager.v3.Projects`. */
  readonly service: string;
  /** Handlers by method name as in the .proto (`GetProject`). */
  readonly methods: Readonly<Record<string, Handler<never>>>;
}

export interface GrpcServerOptions {
  readonly protos: LoadedProtos;
  readonly services: readonly ServiceImplementation[];
  readonly log: RequestLog;
  readonly faults: Faults;
  readonly operations: OperationStore;
  /** Default: a free port. */
  readonly port?: number;
}

export interface RunningGrpcServer {
  readonly port: number;
  close(): Promise<void>;
}

const SHUTDOWN_GRACE_MS = 2_000;

export async function startGrpcServer(options: GrpcServerOptions): Promise<RunningGrpcServer> {
  const server = new grpc.Server();
  for (const implementation of options.services) {
    const definition = options.protos.service(implementation.service);
    const serviceName = implementation.service.slice(implementation.service.lastIndexOf('.') + 1);
    const methods: grpc.UntypedServiceImplementation = {};
    for (const methodName of Object.keys(definition)) {
      methods[methodName] = dispatcher(
        `${serviceName}.${methodName}`,
        implementation.methods[methodName],
        options,
      );
    }
    server.addService(definition, methods);
  }
  const port = await new Promise<number>((resolve, reject) => {
    server.bindAsync(
      `127.0.0.1:${String(options.port ?? 0)}`,
      grpc.ServerCredentials.createInsecure(),
      (error, boundPort) => {
        if (error) reject(error);
        else resolve(boundPort);
      },
    );
  });
  return {
    port,
    close: () =>
      new Promise<void>((resolve) => {
        const timer = setTimeout(() => {
          server.forceShutdown();
          resolve();
        }, SHUTDOWN_GRACE_MS);
        server.tryShutdown(() => {
          clearTimeout(timer);
          resolve();
        });
      }),
  };
}

function dispatcher(
  method: string,
  handler: Handler<never> | undefined,
  options: GrpcServerOptions,
): grpc.handleUnaryCall<object, object> {
  const { log, faults, operations, protos } = options;
  const context: CallContext = {
    method,
    startOperation: (plan) => operations.start({ ...plan, method }),
  };
  return (call, callback) => {
    const finish = log.record({
      method,
      transport: 'grpc',
      request: call.request,
      metadata: metadataText(call.metadata),
    });
    const fail = (error: RpcError) => {
      finish(codeName(error.code));
      callback(serviceError(error, protos));
    };
    if (handler === undefined) {
      fail(new RpcError(Code.UNIMPLEMENTED, `Method ${method} is not implemented.`));
      return;
    }
    const injected = faults.takeCallFault(method);
    if (injected) {
      fail(injected);
      return;
    }
    Promise.resolve()
      .then(() => handler(call.request as never, context))
      .then(
        (response) => {
          finish('OK');
          callback(null, response);
        },
        (error: unknown) => {
          fail(
            error instanceof RpcError
              ? error
              : new RpcError(
                  Code.INTERNAL,
                  `emulator: ${error instanceof Error ? error.message : String(error)}`,
                ),
          );
        },
      );
  };
}

function serviceError(error: RpcError, protos: LoadedProtos): grpc.ServerErrorResponse {
  const metadata = new grpc.Metadata();
  metadata.set(
    'grpc-status-details-bin',
    Buffer.from(protos.encode(STATUS_TYPE, statusOf(error, protos))),
  );
  return Object.assign(new Error(error.message), {
    code: error.code,
    details: error.message,
    metadata,
  });
}

function metadataText(metadata: grpc.Metadata): Record<string, string> {
  const text: Record<string, string> = {};
  for (const [key, value] of Object.entries(metadata.getMap()))
    text[key] = typeof value === 'string' ? value : value.toString('base64');
  return text;
}
