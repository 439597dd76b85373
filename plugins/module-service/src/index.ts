import { createRequire } from 'node:module';
import { defineModule } from '@kusion/sdk';
import { generateService } from './generate-service.js';
import { serviceSchemas } from './schemas.js';

const { version } = createRequire(import.meta.url)('../package.json') as { version: string };

/** The `service` module: `apps.<app>.workload` (`type: service`) → a Deployment. */
const plugin = defineModule({
  name: 'service',
  version,
  schemas: serviceSchemas,
  generate: generateService,
});

export default plugin;
export { generateService, serviceSchemas };
export { service } from './builder.js';
export type { ServiceSettings, ServiceWorkload } from './builder.js';
export type {
  FileSpec,
  Lifecycle,
  LifecycleHandler,
  Probe,
  ProbeHandler,
  WorkloadContainer,
  WorkloadSecret,
} from '@kusion/module-kit';
