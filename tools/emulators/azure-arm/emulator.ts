/**
 * `startArmEmulator()`: an Azure Resource Manager emulator on an HTTPS loopback port, with a
 * minimal Entra token endpoint, in-memory state, fault injection and a request log.
 */
import { randomUUID } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { EntraOptions } from './auth/entra.ts';
import { createTokenService } from './auth/tokens.ts';
import type { EmulatorContext, EmulatorSettings } from './emulator-context.ts';
import { CONTROL_PREFIX, handleControl } from './faults/control-api.ts';
import type { ControlTarget } from './faults/control-api.ts';
import { createFaultRules } from './faults/fault-rules.ts';
import type { RequestFault, ResourceFailure } from './faults/fault-rules.ts';
import { createCertificate } from './http/certificate.ts';
import { startHttpsServer } from './http/https-server.ts';
import type { ArmRequest, ArmResponse } from './http/exchange.ts';
import { logEntry } from './request-log.ts';
import type { RequestLogEntry } from './request-log.ts';
import { routeRequest } from './routing/arm-router.ts';
import { clearEmulatorState, createEmulatorState } from './state/emulator-state.ts';

export interface ArmEmulatorOptions {
  /** Default: a free port. */
  readonly port?: number;
  /** The one subscription the emulator serves. Default: a new GUID. */
  readonly subscriptionId?: string;
  /** Its Entra tenant (tokens must come from it). Default: a new GUID. */
  readonly tenantId?: string;
  /** Client ids and secrets the token endpoint accepts. Default: any client with a non-empty secret. */
  readonly clients?: EntraOptions['clients'];
  /** Polls a long-running operation answers "running" before completing. Default 1. */
  readonly runningPolls?: number;
  /** `Retry-After` seconds on running operations. Default 0 (clients poll at their own interval). */
  readonly retryAfterSeconds?: number;
  /** Where the certificate is written. Default: a new temporary directory, removed by `close()`. */
  readonly certificateDir?: string;
}

export interface ArmEmulatorControls {
  /** Fails a resource when a deployment reaches it (code and message show in operations and the deployment error). */
  failResource(failure: ResourceFailure): void;
  /** Answers the next matching requests with 429 (+ `Retry-After`), 500 or 503. */
  failRequests(fault: RequestFault): void;
  clearFaults(): void;
  /** Forgets every resource group, resource, deployment and operation, the faults and the request log. */
  reset(): void;
  clearRequests(): void;
  /** Changes the settings; answers them. */
  configure(settings: Partial<EmulatorSettings>): EmulatorSettings;
  /** A token the ARM endpoints accept (default scope `https://management.azure.com/.default`). */
  issueToken(options?: { readonly scope?: string; readonly clientId?: string }): Promise<string>;
}

export interface ArmEmulator {
  /** `https://127.0.0.1:PORT`: ARM endpoint and Entra authority host at once. */
  readonly endpoint: string;
  /** The PEM file of the emulator's self-signed certificate, for clients to trust. */
  readonly caFile: string;
  readonly caPem: string;
  readonly subscriptionId: string;
  readonly tenantId: string;
  readonly controls: ArmEmulatorControls;
  /** Requests answered so far (control requests aside), oldest first. */
  readonly requests: readonly RequestLogEntry[];
  close(): Promise<void>;
}

export async function startArmEmulator(options: ArmEmulatorOptions = {}): Promise<ArmEmulator> {
  const ownsDirectory = options.certificateDir === undefined;
  const directory =
    options.certificateDir ?? (await mkdtemp(join(tmpdir(), 'kusion-arm-emulator-')));
  const certificate = await createCertificate(directory);
  const state = createEmulatorState(
    options.subscriptionId ?? randomUUID(),
    options.tenantId ?? randomUUID(),
  );
  const settings: EmulatorSettings = {
    runningPolls: options.runningPolls ?? 1,
    retryAfterSeconds: options.retryAfterSeconds ?? 0,
  };
  const faults = createFaultRules();
  const tokens = createTokenService();
  const requests: RequestLogEntry[] = [];
  const entra: EntraOptions = options.clients === undefined ? {} : { clients: options.clients };
  let endpoint = '';
  const context: EmulatorContext = {
    get endpoint() {
      return endpoint;
    },
    state,
    settings,
    faults,
    tokens,
  };

  const controls: ArmEmulatorControls = {
    failResource: (failure) => {
      faults.failResource(failure);
    },
    failRequests: (fault) => {
      faults.failRequests(fault);
    },
    clearFaults: () => {
      faults.clear();
    },
    reset: () => {
      clearEmulatorState(state);
      faults.clear();
      requests.length = 0;
    },
    clearRequests: () => {
      requests.length = 0;
    },
    configure: (changes) => {
      for (const [key, value] of Object.entries(changes) as [
        keyof EmulatorSettings,
        number | undefined,
      ][]) {
        if (value === undefined) continue;
        if (!Number.isInteger(value) || value < 0)
          throw new Error(`${key} must be a whole number ≥ 0`);
        settings[key] = value;
      }
      return { ...settings };
    },
    issueToken: async ({
      scope = 'https://management.azure.com/.default',
      clientId = 'arm-emulator-test',
    } = {}) =>
      (
        await tokens.issue({
          audience: scope.replace(/\.default$/, ''),
          tenantId: state.tenantId,
          clientId,
        })
      ).accessToken,
  };
  const controlTarget: ControlTarget = {
    ...controls,
    configure: (changes) => ({ ...controls.configure(changes) }),
    issueToken: (tokenOptions) => controls.issueToken(tokenOptions),
    requests,
  };

  const handle = async (request: ArmRequest): Promise<ArmResponse> => {
    if (request.path === CONTROL_PREFIX || request.path.startsWith(`${CONTROL_PREFIX}/`))
      return handleControl(controlTarget, request);
    return (
      faults.takeRequestFault(request.method, request.path) ?? routeRequest(context, entra, request)
    );
  };
  const server = await startHttpsServer(
    certificate,
    options.port ?? 0,
    handle,
    (request, answer) => {
      if (request.path.startsWith(CONTROL_PREFIX)) return;
      requests.push(logEntry(request, answer.status, answer.headers ?? {}));
    },
  );
  endpoint = `https://127.0.0.1:${server.port}`;

  return {
    endpoint,
    caFile: certificate.caFile,
    caPem: certificate.certPem,
    subscriptionId: state.subscriptionId,
    tenantId: state.tenantId,
    controls,
    requests,
    close: async () => {
      await server.close();
      if (ownsDirectory) await rm(directory, { recursive: true, force: true });
    },
  };
}
