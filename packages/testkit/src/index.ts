export { testProvider as default, testProvider } from './test-provider/plugin.js';
export { createTestProvider } from './test-provider/create-test-provider.js';
export { IMMUTABLE_PATHS_EXTENSION, UNKNOWN_AFTER_APPLY } from './test-provider/prediction.js';
export { OPERATIONS_LOG } from './test-provider/file-store.js';
export type { StoreOperation } from './test-provider/file-store.js';
export { resourceFileName } from './test-provider/resource-file-name.js';
export { createRecordingIoHost } from './recording-io-host.js';
export type {
  IoAnswer,
  RecordedRequest,
  RecordingIoHost,
  RecordingIoHostOptions,
} from './recording-io-host.js';
