import { createRequire } from 'node:module';
import { defineModule } from '@kusion/sdk';
import { generateK8sManifest } from './generate-k8s-manifest.js';
import { k8sManifestSchemas } from './schemas.js';

const { version } = createRequire(import.meta.url)('../package.json') as { version: string };

/** The `k8s_manifest` module: raw Kubernetes YAML files and folders as resources. */
const plugin = defineModule({
  name: 'k8s_manifest',
  version,
  schemas: k8sManifestSchemas,
  generate: generateK8sManifest,
});

export default plugin;
export { generateK8sManifest, k8sManifestSchemas };
export { k8sManifest } from './builder.js';
export type { K8sManifestAccessory } from './builder.js';
