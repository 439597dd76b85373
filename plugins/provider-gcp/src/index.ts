export { default } from './plugin.js';
export { createGcpProvider } from './gcp-provider.js';
export { GCP_KINDS, GCP_TYPE, type GcpKind } from './model/kinds.js';
export type { GcpSettings } from './settings.js';
