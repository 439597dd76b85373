/**
 * The typed builder for TypeScript apps:
 *
 * ```ts
 * import { gcpProject } from '@kusion/module-project';
 * appConfiguration({ workload, accessories: { gcpProject: gcpProject({ labels: { team: 'shop' } }) } });
 * ```
 */
import type { ProjectSettings } from './project-settings.js';

/** `accessories.<name>` for this module. */
export type ProjectAccessory = Omit<ProjectSettings, 'module'> & { readonly module: 'project' };

export function gcpProject(settings: Omit<ProjectSettings, 'module'> = {}): ProjectAccessory {
  return { module: 'project', ...settings };
}
