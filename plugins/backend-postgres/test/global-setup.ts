/** One PostgreSQL 15 for the whole run, on loopback, stopped by its pid at the end. */
import { startPostgres } from '@kusion/test-peers';
import type { TestProject } from 'vitest/node';

declare module 'vitest' {
  export interface ProvidedContext {
    postgresUrl: string;
  }
}

export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  const postgres = await startPostgres();
  project.provide('postgresUrl', postgres.connectionString);
  return () => postgres.stop();
}
