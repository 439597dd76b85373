import { createRequire } from 'node:module';
import { defineModule } from '@kusion/sdk';
import { generateProject } from './generate-project.js';
import { projectSchemas } from './schemas.js';

const { version } = createRequire(import.meta.url)('../package.json') as { version: string };

/** The `project` module: a team's GCP project, tagged and with IAM groups, whose id reaches the workload's env. */
const plugin = defineModule({
  name: 'project',
  version,
  schemas: projectSchemas,
  generate: generateProject,
});

export default plugin;
export { generateProject, projectSchemas };
export { gcpProject } from './builder.js';
export type { ProjectAccessory } from './builder.js';
export type { ProjectPlatformSettings, ProjectSettings } from './project-settings.js';
