/**
 * A Google Cloud Resource Manager v3 emulator on loopback: the gRPC services the production client
 * (`@google-cloud/resource-manager`) calls, long-running operations, IAM policies, liens over REST,
 * and controls for tests. State lives in memory.
 */
import { Access } from './access.ts';
import { controlApiHandler, CONTROL_PATH } from './control-api.ts';
import { createControls, type EmulatorControls } from './controls.ts';
import { Faults } from './faults.ts';
import { startGrpcServer } from './grpc-server.ts';
import { startHttpServer } from './http-server.ts';
import { IamPolicies } from './iam-policies.ts';
import { liensHandler } from './liens-rest.ts';
import { OperationStore } from './operations.ts';
import { loadProtos } from './protos.ts';
import { RequestLog, type RecordedRequest } from './request-log.ts';
import type { Backend } from './services/backend.ts';
import { foldersService } from './services/folders.ts';
import { operationsService } from './services/operations.ts';
import { organizationsService } from './services/organizations.ts';
import { projectsService } from './services/projects.ts';
import { tagBindingsService } from './services/tag-bindings.ts';
import { tagHoldsService } from './services/tag-holds.ts';
import { tagKeysService } from './services/tag-keys.ts';
import { tagValuesService } from './services/tag-values.ts';
import { DEFAULT_ORGANIZATION, ResourceStore, type OrganizationOptions } from './store.ts';

export interface GcpResourceManagerEmulatorOptions {
  /** The organizations that exist. Default: one, `organizations/123456789012` (example.com). */
  readonly organizations?: readonly OrganizationOptions[];
  /** How many GetOperation calls an operation needs to be done; 0 answers it done. Default 2. */
  readonly operationPollsToComplete?: number;
  /** The member the caller is; it becomes `roles/owner` of the projects it creates. */
  readonly callerIdentity?: string;
  /** gRPC port. Default: a free one. */
  readonly port?: number;
  /** HTTP port of the REST liens and the control API. Default: a free one. */
  readonly restPort?: number;
}

export interface GcpResourceManagerEmulator {
  /** `127.0.0.1:PORT`, the gRPC endpoint (plaintext). */
  readonly endpoint: string;
  readonly host: '127.0.0.1';
  readonly port: number;
  /** `http://127.0.0.1:PORT`: the v3 REST API root for liens (`/v3/liens`). */
  readonly restEndpoint: string;
  /** `http://127.0.0.1:PORT/emulator`: the HTTP control API (see control-api.ts). */
  readonly controlEndpoint: string;
  readonly controls: EmulatorControls;
  /** Every call received, oldest first (live: it grows as calls arrive). */
  readonly requests: readonly RecordedRequest[];
  close(): Promise<void>;
}

export const DEFAULT_CALLER = 'user:emulator-caller@example.com';

export async function startGcpResourceManagerEmulator(
  options: GcpResourceManagerEmulatorOptions = {},
): Promise<GcpResourceManagerEmulator> {
  const protos = loadProtos();
  const store = new ResourceStore(options.organizations ?? [DEFAULT_ORGANIZATION]);
  const access = new Access(store);
  const policies = new IamPolicies();
  const faults = new Faults();
  const log = new RequestLog();
  const operations = new OperationStore(protos, faults, options.operationPollsToComplete ?? 2);
  const backend: Backend = {
    store,
    access,
    policies,
    callerIdentity: options.callerIdentity ?? DEFAULT_CALLER,
  };
  const controls = createControls({ store, access, policies, operations, faults, log });

  const grpcServer = await startGrpcServer({
    protos,
    services: [
      projectsService(backend),
      foldersService(backend),
      organizationsService(backend),
      tagKeysService(backend),
      tagValuesService(backend),
      tagBindingsService(backend),
      tagHoldsService(backend),
      operationsService(operations),
    ],
    log,
    faults,
    operations,
    ...(options.port === undefined ? {} : { port: options.port }),
  });
  const httpServer = await startHttpServer(
    [liensHandler(store, access, log, faults), controlApiHandler(controls, log)],
    options.restPort,
  ).catch(async (error: unknown) => {
    await grpcServer.close();
    throw error;
  });
  const restEndpoint = `http://127.0.0.1:${httpServer.port}`;
  return {
    endpoint: `127.0.0.1:${grpcServer.port}`,
    host: '127.0.0.1',
    port: grpcServer.port,
    restEndpoint,
    controlEndpoint: `${restEndpoint}${CONTROL_PATH}`,
    controls,
    requests: log.entries,
    close: async () => {
      await Promise.all([grpcServer.close(), httpServer.close()]);
    },
  };
}
