import { defineConfig } from 'vitest/config';

// The plugin test loads TypeScript rule files with tsx and runs the engine in-process.
export default defineConfig({ test: { testTimeout: 30_000 } });
