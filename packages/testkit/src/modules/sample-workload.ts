/**
 * The Deployment an accessory's patcher is applied to in a test: what the `service` module makes
 * of the sample workload (id `apps/v1:Deployment:<namespace>:<project>-<stack>-<app>`, Kusion's
 * labels), with one env var of its own so a golden shows that the patcher keeps it.
 */
import type { ModuleGenerateRequest, Resource } from '@kusion/sdk';
import { kubernetesResourceId } from '@kusion/sdk';

export function sampleWorkload(
  request: Pick<ModuleGenerateRequest, 'project' | 'stack' | 'appName' | 'namespace'>,
): Resource {
  const labels = {
    'app.kubernetes.io/part-of': request.project,
    'app.kubernetes.io/name': request.appName,
  };
  const metadata = {
    name: `${request.project}-${request.stack}-${request.appName}`,
    namespace: request.namespace ?? request.project,
    labels,
  };
  const attributes = {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata,
    spec: {
      selector: { matchLabels: labels },
      template: {
        metadata: { labels },
        spec: {
          containers: [
            {
              name: 'main',
              image: 'registry.example.com/shop/main:1.0.0',
              env: [{ name: 'LOG_LEVEL', value: 'info' }],
            },
          ],
        },
      },
    },
  };
  return {
    id: kubernetesResourceId({ apiVersion: 'apps/v1', kind: 'Deployment', metadata }),
    type: 'Kubernetes',
    attributes,
  };
}
