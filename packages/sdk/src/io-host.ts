/**
 * The I/O host. Library code never prints: it sends coded messages to the IoHost it is given, and
 * asks questions through it. The CLI renders messages for a TTY, as plain lines, or as JSON; tests
 * use a recording host.
 */
import type { ChangeAction, OutcomeStatus, Plan } from './plan.js';

export type IoLevel = 'error' | 'warn' | 'info' | 'debug' | 'trace';

/** The data each message code carries. Third parties may send any other code with free data. */
export interface IoMessageData {
  /** Planning started for `total` resources. */
  PLAN_START: { readonly total: number };
  /** The plan is ready (before any confirmation). */
  PLAN_READY: { readonly plan: Plan };
  /** Applying started: `total` resources will be touched. */
  APPLY_START: { readonly revision: number; readonly total: number; readonly operation: string };
  /** One resource operation started. */
  RESOURCE_START: { readonly id: string; readonly action: ChangeAction };
  /** A provider reports progress on one resource ("2/3 replicas available"). */
  RESOURCE_PROGRESS: { readonly id: string; readonly status: string };
  /** A transient failure will be retried. */
  RESOURCE_RETRY: {
    readonly id: string;
    readonly attempt: number;
    readonly delayMs: number;
    readonly error: string;
  };
  /** One resource operation ended. */
  RESOURCE_DONE: {
    readonly id: string;
    readonly action: ChangeAction;
    readonly status: OutcomeStatus;
    readonly durationMs: number;
    readonly error?: string;
  };
  /** Waiting for a lock held by another run. */
  LOCK_WAIT: { readonly holder: string };
  /** Native detail a provider can show (a generated template...), printed with `--detail`. */
  PROVIDER_DETAIL: { readonly title: string; readonly text: string };
  /** A plugin or provider message for the user. */
  LOG: Readonly<Record<string, unknown>>;
}

export type IoMessageCode = keyof IoMessageData;

/** A message from the library to the user. */
export interface IoMessage<C extends string = string> {
  readonly level: IoLevel;
  readonly code: C;
  /** A complete sentence, shown as is on a plain terminal. */
  readonly message: string;
  readonly data?: C extends IoMessageCode ? IoMessageData[C] : unknown;
  readonly time?: Date;
}

/** A question to the user, with the answer used when nobody can answer. */
export interface IoRequest<R> {
  readonly code: string;
  readonly message: string;
  readonly defaultResponse: R;
  readonly data?: unknown;
}

export interface IoHost {
  /** Receives a message. Must not throw. */
  notify(message: IoMessage): void | Promise<void>;
  /** Asks a question; resolves to the answer (the default when non-interactive). */
  requestResponse<R>(request: IoRequest<R>): Promise<R>;
}

/** A host that drops every message and answers every question with its default. */
export const silentIoHost: IoHost = {
  notify() {
    /* dropped on purpose */
  },
  requestResponse<R>(request: IoRequest<R>) {
    return Promise.resolve(request.defaultResponse);
  },
};
