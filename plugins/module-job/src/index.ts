import { createRequire } from 'node:module';
import { defineModule } from '@kusion/sdk';
import { generateJob } from './generate-job.js';
import { jobSchemas } from './schemas.js';

const { version } = createRequire(import.meta.url)('../package.json') as { version: string };

/** The `job` module: `apps.<app>.workload` (`type: job`) → a Job, or a CronJob with `schedule`. */
const plugin = defineModule({ name: 'job', version, schemas: jobSchemas, generate: generateJob });

export default plugin;
export { generateJob, jobSchemas };
export { cronJobApiVersion } from './cron-job-api.js';
export type { CronJobApiVersion } from './cron-job-api.js';
export { job } from './builder.js';
export type { JobSettings, JobWorkload } from './builder.js';
