/**
 * The typed builder for TypeScript apps:
 *
 * ```ts
 * import { queue } from '@kusion/module-queue';
 * appConfiguration({ workload, accessories: { orders: queue({ deadLetter: { maxReceiveCount: 3 } }) } });
 * ```
 */
import type { QueueSettings } from './queue-settings.js';

/** `accessories.<name>` for this module. */
export type QueueAccessory = Omit<QueueSettings, 'module'> & { readonly module: 'queue' };

export function queue(settings: Omit<QueueSettings, 'module'> = {}): QueueAccessory {
  return { module: 'queue', ...settings };
}
