/** A long-running operation as the emulator keeps it: data only, so state can hold it without importing the engine. */
import type { ArmErrorDetail } from '../http/arm-error.ts';
import type { ArmResponse } from '../http/exchange.ts';

export type OperationStatus = 'Succeeded' | 'Failed' | 'Canceled';

export interface OperationOutcome {
  readonly status: OperationStatus;
  readonly error?: ArmErrorDetail;
  /** What a poll of the operation's `Location` answers once it is done. */
  readonly result: ArmResponse;
}

export interface LongRunningOperation {
  readonly id: string;
  readonly startTime: string;
  readonly apiVersion: string;
  /** `Running` for Microsoft.Resources, `InProgress` for other resource providers. */
  readonly runningStatus: 'Running' | 'InProgress';
  pollsLeft: number;
  outcome: (OperationOutcome & { readonly endTime: string }) | undefined;
  readonly complete: () => OperationOutcome;
}
