/**
 * The app the Kubernetes e2e deploys, as a user writes it in `main.yaml`: a namespace, a CRD and
 * one of its custom resources, configuration, a Secret, a ServiceAccount with its RBAC, a
 * Deployment and its Service, each under its Kusion id (`apps/v1:Deployment:shop:web`).
 */
import type { TestResource } from '../../test/support/project.ts';

export const NAMESPACE = 'shop';

export interface ShopOptions {
  /** The web container's image; default `nginx:1.25`. */
  readonly image?: string;
  /** Adds `tier: front` to the Deployment's selector (an immutable field: Replace). */
  readonly hasTierSelector?: boolean;
  /** The ConfigMap `web-legacy`, which a later step removes from the Spec. */
  readonly hasLegacyConfig?: boolean;
  /** The Secret's password (written as stringData). */
  readonly password: string;
  /** The Deployment's replicas; default 1. */
  readonly replicas?: number;
}

// Every object carries a label: Kubernetes 1.20 records no field manager at all for an apply that
// sets no field but the name (a bare Namespace or ServiceAccount).
const LABELS = { 'app.kubernetes.io/part-of': 'shop' };

/** A manifest under its Kusion id: `apiVersion:Kind[:namespace]:name`. */
export function kubernetes(manifest: Record<string, unknown>): TestResource {
  const metadata = manifest['metadata'] as { name: string; namespace?: string };
  const apiVersion = String(manifest['apiVersion']);
  const kind = String(manifest['kind']);
  const id = metadata.namespace
    ? `${apiVersion}:${kind}:${metadata.namespace}:${metadata.name}`
    : `${apiVersion}:${kind}:${metadata.name}`;
  return { id, type: 'Kubernetes', attributes: manifest };
}

const inShop = (name: string) => ({ name, namespace: NAMESPACE, labels: LABELS });

export const WIDGET_CRD = 'widgets.example.com';

export const IDS = {
  namespace: 'v1:Namespace:shop',
  crd: `apiextensions.k8s.io/v1:CustomResourceDefinition:${WIDGET_CRD}`,
  widget: 'example.com/v1:Widget:shop:gear',
  config: 'v1:ConfigMap:shop:web-config',
  legacyConfig: 'v1:ConfigMap:shop:web-legacy',
  secret: 'v1:Secret:shop:web-secret',
  serviceAccount: 'v1:ServiceAccount:shop:web',
  role: 'rbac.authorization.k8s.io/v1:Role:shop:web',
  roleBinding: 'rbac.authorization.k8s.io/v1:RoleBinding:shop:web',
  deployment: 'apps/v1:Deployment:shop:web',
  service: 'v1:Service:shop:web',
} as const;

export function shopApp(options: ShopOptions): TestResource[] {
  const selector = options.hasTierSelector ? { app: 'web', tier: 'front' } : { app: 'web' };
  return [
    kubernetes({
      apiVersion: 'v1',
      kind: 'Namespace',
      metadata: { name: NAMESPACE, labels: LABELS },
    }),
    kubernetes({
      apiVersion: 'apiextensions.k8s.io/v1',
      kind: 'CustomResourceDefinition',
      metadata: { name: WIDGET_CRD, labels: LABELS },
      spec: {
        group: 'example.com',
        scope: 'Namespaced',
        names: { plural: 'widgets', singular: 'widget', kind: 'Widget', listKind: 'WidgetList' },
        versions: [
          {
            name: 'v1',
            served: true,
            storage: true,
            schema: {
              openAPIV3Schema: {
                type: 'object',
                properties: {
                  spec: { type: 'object', properties: { size: { type: 'integer' } } },
                },
              },
            },
          },
        ],
      },
    }),
    kubernetes({
      apiVersion: 'example.com/v1',
      kind: 'Widget',
      metadata: inShop('gear'),
      spec: { size: 3 },
    }),
    kubernetes({
      apiVersion: 'v1',
      kind: 'ConfigMap',
      metadata: inShop('web-config'),
      data: { GREETING: 'hello', LOG_LEVEL: 'info' },
    }),
    ...(options.hasLegacyConfig
      ? [
          kubernetes({
            apiVersion: 'v1',
            kind: 'ConfigMap',
            metadata: inShop('web-legacy'),
            data: { OLD_FLAG: 'true' },
          }),
        ]
      : []),
    kubernetes({
      apiVersion: 'v1',
      kind: 'Secret',
      metadata: inShop('web-secret'),
      type: 'Opaque',
      stringData: { password: options.password },
    }),
    kubernetes({ apiVersion: 'v1', kind: 'ServiceAccount', metadata: inShop('web') }),
    kubernetes({
      apiVersion: 'rbac.authorization.k8s.io/v1',
      kind: 'Role',
      metadata: inShop('web'),
      rules: [{ apiGroups: [''], resources: ['configmaps'], verbs: ['get', 'list', 'watch'] }],
    }),
    kubernetes({
      apiVersion: 'rbac.authorization.k8s.io/v1',
      kind: 'RoleBinding',
      metadata: inShop('web'),
      roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'Role', name: 'web' },
      subjects: [{ kind: 'ServiceAccount', name: 'web', namespace: NAMESPACE }],
    }),
    kubernetes({
      apiVersion: 'apps/v1',
      kind: 'Deployment',
      metadata: inShop('web'),
      spec: {
        replicas: options.replicas ?? 1,
        selector: { matchLabels: selector },
        template: {
          metadata: { labels: { ...LABELS, ...selector } },
          spec: {
            serviceAccountName: 'web',
            containers: [
              {
                name: 'web',
                image: options.image ?? 'nginx:1.25',
                // No protocol: the provider writes TCP, which 1.20's server-side apply needs.
                ports: [{ containerPort: 80 }],
                envFrom: [{ configMapRef: { name: 'web-config' } }],
                env: [
                  {
                    name: 'PASSWORD',
                    valueFrom: { secretKeyRef: { name: 'web-secret', key: 'password' } },
                  },
                ],
              },
            ],
          },
        },
      },
    }),
    kubernetes({
      apiVersion: 'v1',
      kind: 'Service',
      metadata: inShop('web'),
      spec: { selector: { app: 'web' }, ports: [{ name: 'http', port: 80, targetPort: 80 }] },
    }),
  ];
}

/** How kubectl names each object of the app (for `kubectl get -n shop <name>`). */
export const KUBECTL_NAMES: Readonly<Record<string, string>> = {
  [IDS.widget]: 'widgets.example.com/gear',
  [IDS.config]: 'configmap/web-config',
  [IDS.legacyConfig]: 'configmap/web-legacy',
  [IDS.secret]: 'secret/web-secret',
  [IDS.serviceAccount]: 'serviceaccount/web',
  [IDS.role]: 'role.rbac.authorization.k8s.io/web',
  [IDS.roleBinding]: 'rolebinding.rbac.authorization.k8s.io/web',
  [IDS.deployment]: 'deployment.apps/web',
  [IDS.service]: 'service/web',
};
