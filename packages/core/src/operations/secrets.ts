/** `kusion secrets rotate`: re-wrap the backend's data key with the key service config.yaml names. */
import type { EngineOptions } from './engine-context.js';
import { withEngine } from './engine-context.js';

export interface SealingKeyRotation {
  /** The data key's fingerprint: unchanged, every sealed value still opens. */
  readonly keyId: string;
  /** Where the key is stored. */
  readonly location: string;
  /** The service and parameters (KMS key ARN, passphrase variable) it was wrapped with before. */
  readonly previous: {
    readonly service: string;
    readonly parameters: Readonly<Record<string, string | number>>;
  };
  /** The same, now. */
  readonly current: {
    readonly service: string;
    readonly parameters: Readonly<Record<string, string | number>>;
  };
  /** The wrapping key as the service describes it. */
  readonly wrappedBy: string;
  readonly rotatedAt: string;
}

export function rotateSealingKey(options: EngineOptions): Promise<SealingKeyRotation> {
  return withEngine(options, async ({ sealing }) => {
    const rotated = await sealing.rotate();
    return {
      keyId: rotated.keyId,
      location: rotated.location,
      previous: rotated.previous,
      current: { service: rotated.current.service, parameters: rotated.current.parameters },
      wrappedBy: rotated.wrappedBy,
      rotatedAt: rotated.current.rotatedAt ?? new Date().toISOString(),
    };
  });
}
