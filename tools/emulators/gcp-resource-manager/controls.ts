/**
 * What a test can do to the emulator besides calling it: inject faults, hide resources or deny
 * permissions, change how long operations take, read and clear the request log, reset everything.
 * The same controls are served over HTTP (control-api.ts) for an emulator in another process.
 */
import type { Access } from './access.ts';
import type { Faults } from './faults.ts';
import type { IamPolicies } from './iam-policies.ts';
import type { OperationStore } from './operations.ts';
import type { RequestLog } from './request-log.ts';
import { parseCode, type Code } from './rpc-error.ts';
import type { ResourceStore } from './store.ts';

/** A gRPC status code by name (`RESOURCE_EXHAUSTED`) or number (8). */
export type StatusCode = string | number;

export interface EmulatorControls {
  /**
   * Answer the next `times` (default 1) calls of `method` with `code`: `Projects.GetProject`, or a
   * bare method name (`GetIamPolicy`) for every service; `Liens.CreateLien` for the REST liens.
   */
  failCalls(fault: { method: string; code: StatusCode; times?: number; message?: string }): void;
  /** The next operation `method` starts ends with `error` instead of doing anything. */
  failNextOperation(fault: { method: string; code: StatusCode; message?: string }): void;
  /** The caller no longer sees the resource: it answers PERMISSION_DENIED, as if it did not exist. */
  hide(name: string): void;
  /** The caller lacks `permission` on `resource` (TestIamPermissions leaves it out). */
  denyPermission(resource: string, permission: string): void;
  /** How many GetOperation calls new operations need to be done (0: done at once). */
  setOperationPollsToComplete(polls: number): void;
  clearRequests(): void;
  /** Back to the configured organizations and nothing else: no resources, faults or log. */
  reset(): void;
}

export interface ControlTargets {
  readonly store: ResourceStore;
  readonly access: Access;
  readonly policies: IamPolicies;
  readonly operations: OperationStore;
  readonly faults: Faults;
  readonly log: RequestLog;
}

export function createControls(targets: ControlTargets): EmulatorControls {
  const { store, access, policies, operations, faults, log } = targets;
  return {
    failCalls: ({ method, code, times, message }) => {
      faults.failCalls({
        method,
        code: checkedCode(code),
        ...(times === undefined ? {} : { times }),
        ...(message === undefined ? {} : { message }),
      });
    },
    failNextOperation: ({ method, code, message }) => {
      faults.failNextOperation({
        method,
        code: checkedCode(code),
        ...(message === undefined ? {} : { message }),
      });
    },
    hide: (name) => {
      access.hide(name);
    },
    denyPermission: (resource, permission) => {
      access.deny(resource, permission);
    },
    setOperationPollsToComplete: (polls) => {
      operations.pollsToComplete = polls;
    },
    clearRequests: () => {
      log.clear();
    },
    reset: () => {
      store.reset();
      policies.clear();
      operations.clear();
      faults.clear();
      access.clear();
      log.clear();
    },
  };
}

function checkedCode(code: StatusCode): Code {
  const parsed = parseCode(code);
  if (parsed === undefined) throw new Error(`unknown gRPC status code ${String(code)}`);
  return parsed;
}
