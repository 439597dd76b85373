/** The plugin the engine loads from `@kusion/testkit`, like any third-party provider package. */
import { defineProvider } from '@kusion/sdk';
import { createTestProvider } from './create-test-provider.js';

/** Provider `test`, owner of resource type `Test`. */
export const testProvider = defineProvider({
  name: 'test',
  resourceTypes: ['Test'],
  create: createTestProvider,
});
