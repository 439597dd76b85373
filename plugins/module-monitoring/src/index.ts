import { createRequire } from 'node:module';
import { defineModule } from '@kusion/sdk';
import { generateMonitoring } from './generate-monitoring.js';
import { monitoringSchemas } from './schemas.js';

const { version } = createRequire(import.meta.url)('../package.json') as { version: string };

/** The `monitoring` module: ServiceMonitor/PodMonitor with the Prometheus operator, else scrape annotations. */
const plugin = defineModule({
  name: 'monitoring',
  version,
  schemas: monitoringSchemas,
  generate: generateMonitoring,
});

export default plugin;
export { generateMonitoring, monitoringSchemas };
export { monitoring } from './builder.js';
export type { MonitoringAccessory } from './builder.js';
export type { MonitoringPlatformSettings, MonitoringSettings } from './monitoring-settings.js';
