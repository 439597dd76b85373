/** What every handler is given: the state, the emulator's own address and its switches. */
import type { TokenService } from './auth/tokens.ts';
import type { FaultRules } from './faults/fault-rules.ts';
import type { EmulatorState } from './state/emulator-state.ts';

export interface EmulatorSettings {
  /**
   * How many polls of a long-running operation answer "still running" before it completes
   * (deployments, what-if, deletes, long-running creates). Default 1.
   */
  runningPolls: number;
  /** `Retry-After` (seconds) on answers of running operations. Default 0: clients use their own interval. */
  retryAfterSeconds: number;
}

export interface EmulatorContext {
  /** `https://127.0.0.1:PORT`, the base of the URLs the emulator hands out. */
  readonly endpoint: string;
  readonly state: EmulatorState;
  readonly settings: EmulatorSettings;
  readonly faults: FaultRules;
  readonly tokens: TokenService;
}
