/**
 * The typed builder for TypeScript apps:
 *
 * ```ts
 * import { bucket } from '@kusion/module-bucket';
 * appConfiguration({ workload, accessories: { assets: bucket({ versioning: true }) } });
 * ```
 */
import type { BucketSettings } from './bucket-settings.js';

/** `accessories.<name>` for this module. */
export type BucketAccessory = Omit<BucketSettings, 'module'> & { readonly module: 'bucket' };

export function bucket(settings: Omit<BucketSettings, 'module'> = {}): BucketAccessory {
  return { module: 'bucket', ...settings };
}
