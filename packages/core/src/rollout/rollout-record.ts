/**
 * The rollout record, kept current as the rollout runs and written through the backend's rollout
 * store after every change (one write at a time, so parallel workspaces never race each other's
 * updates). A backend without a rollout store runs the rollout unrecorded and says so once.
 */
import type {
  IoHost,
  Rollout,
  RolloutStatus,
  RolloutStore,
  RolloutTarget,
  RolloutTargetScope,
  RolloutWave,
} from '@kusion/sdk';

export interface RolloutRecorder {
  /** The record as it is now. */
  current(): Rollout;
  /** Whether the backend stores it (`rollout list/show` will find it). */
  readonly isRecorded: boolean;
  /** Stores the new record; a failure here stops the rollout before anything is applied. */
  create(): Promise<void>;
  target(scope: RolloutTargetScope, change: Partial<RolloutTarget>): Promise<void>;
  wave(index: number, change: Partial<Omit<RolloutWave, 'targets'>>): Promise<void>;
  finish(status: RolloutStatus, error?: string): Promise<void>;
}

export interface RolloutRecorderRequest {
  readonly initial: Rollout;
  readonly store: RolloutStore | undefined;
  readonly backendName: string;
  readonly io: IoHost;
}

export function createRolloutRecorder(request: RolloutRecorderRequest): RolloutRecorder {
  const { store, io } = request;
  let rollout = request.initial;
  let writes: Promise<void> = Promise.resolve();
  let hasWarned = false;

  const warn = async (message: string): Promise<void> => {
    if (hasWarned) return;
    hasWarned = true;
    await io.notify({
      level: 'warn',
      code: 'ROLLOUT_NOT_RECORDED',
      message,
      data: { backend: request.backendName },
    });
  };

  const write = (): Promise<void> => {
    const snapshot = rollout;
    writes = writes.then(async () => {
      if (!store) return;
      try {
        await store.update(snapshot);
      } catch (error) {
        await warn(
          `rollout ${snapshot.id} could not be recorded (${error instanceof Error ? error.message : String(error)}); its releases are, each with its rollout id`,
        );
      }
    });
    return writes;
  };

  const change = (next: (current: Rollout) => Rollout): Promise<void> => {
    rollout = { ...next(rollout), modifiedAt: new Date().toISOString() };
    return write();
  };

  return {
    current: () => rollout,
    isRecorded: store !== undefined,
    async create() {
      if (store) await store.create(rollout);
      else
        await warn(
          `the ${request.backendName} backend keeps no rollout records: rollout ${rollout.id} runs, and each release carries its id, but \`kusion rollout list\` will not show it`,
        );
    },
    target: (scope, patch) =>
      change((current) => ({
        ...current,
        waves: current.waves.map((wave) => ({
          ...wave,
          targets: wave.targets.map((target) =>
            target.workspace === scope.workspace && target.stack === scope.stack
              ? { ...target, ...patch }
              : target,
          ),
        })),
      })),
    wave: (index, patch) =>
      change((current) => ({
        ...current,
        waves: current.waves.map((wave, at) => (at === index ? { ...wave, ...patch } : wave)),
      })),
    finish: (status, error) =>
      change((current) => ({ ...current, status, ...(error === undefined ? {} : { error }) })),
  };
}
