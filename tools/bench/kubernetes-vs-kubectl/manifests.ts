// The objects both tools deploy: N namespaces, each holding the same 29 objects of 7 kinds, so
// 30 objects per namespace with the Namespace itself. Only the namespace names differ between the
// tools (each deploys into its own set, so both create the same objects from nothing).

export const SET_LABEL = 'bench.kusion.io/set';
export const REVISION_LABEL = 'bench.kusion.io/revision';

/** Objects of each kind in one namespace, besides the Namespace. */
export const PER_NAMESPACE = {
  ConfigMap: 8,
  Secret: 6,
  Service: 4,
  Deployment: 4,
  ServiceAccount: 3,
  Role: 2,
  RoleBinding: 2,
} as const;

export type Kind = 'Namespace' | keyof typeof PER_NAMESPACE;

/** How kubectl (and the apiserver) name each kind's collection. */
export const RESOURCE_OF: Readonly<Record<Kind, string>> = {
  Namespace: 'namespaces',
  ConfigMap: 'configmaps',
  Secret: 'secrets',
  Service: 'services',
  Deployment: 'deployments.apps',
  ServiceAccount: 'serviceaccounts',
  Role: 'roles.rbac.authorization.k8s.io',
  RoleBinding: 'rolebindings.rbac.authorization.k8s.io',
};

export const OBJECTS_PER_NAMESPACE =
  1 + Object.values(PER_NAMESPACE).reduce((sum, count) => sum + count, 0);

export type Manifest = Readonly<Record<string, unknown>> & {
  readonly apiVersion: string;
  readonly kind: Kind;
  readonly metadata: { readonly name: string; readonly namespace?: string };
};

/** `kusion-r1-03` and so on: the namespaces of one tool in one run. */
export function namespacesOf(set: string, count: number): string[] {
  return Array.from({ length: count }, (_, i) => `${set}-${String(i).padStart(2, '0')}`);
}

/**
 * Every object of `set`, namespaces first. `revision` changes a value in every object (a label
 * everywhere, plus data, images and ports), so that revision 2 updates all of them.
 */
export function buildManifests(
  set: string,
  namespaceCount: number,
  revision: number,
  isNamespacesOnly = false,
): Manifest[] {
  const labels = { [SET_LABEL]: set, [REVISION_LABEL]: String(revision) };
  const namespaces = namespacesOf(set, namespaceCount);
  const manifests: Manifest[] = namespaces.map((name) => ({
    apiVersion: 'v1',
    kind: 'Namespace',
    metadata: { name, labels },
  }));
  if (isNamespacesOnly) return manifests;
  for (const namespace of namespaces) {
    const meta = (name: string) => ({ name, namespace, labels });
    const times = (count: number) => Array.from({ length: count }, (_, i) => i);
    for (const i of times(PER_NAMESPACE.ConfigMap))
      manifests.push({
        apiVersion: 'v1',
        kind: 'ConfigMap',
        metadata: meta(`config-${i}`),
        data: {
          'app.properties': `greeting=hello-${i}\nrevision=${revision}\n`,
          LOG_LEVEL: 'info',
        },
      });
    for (const i of times(PER_NAMESPACE.Secret))
      manifests.push({
        apiVersion: 'v1',
        kind: 'Secret',
        metadata: meta(`secret-${i}`),
        type: 'Opaque',
        data: { password: Buffer.from(`password-${i}-revision-${revision}`).toString('base64') },
      });
    for (const i of times(PER_NAMESPACE.Service))
      manifests.push({
        apiVersion: 'v1',
        kind: 'Service',
        metadata: meta(`web-${i}`),
        spec: {
          // Headless: the test apiserver's service range (a /24) holds only 254 cluster IPs, and
          // every run creates 40 Services per tool.
          clusterIP: 'None',
          selector: { app: `web-${i}` },
          // protocol spelled out: Kubernetes 1.20's server-side apply needs it (kubectl does not add it).
          ports: [{ name: 'http', port: 80, targetPort: 8000 + revision, protocol: 'TCP' }],
        },
      });
    for (const i of times(PER_NAMESPACE.Deployment))
      manifests.push({
        apiVersion: 'apps/v1',
        kind: 'Deployment',
        metadata: meta(`web-${i}`),
        spec: {
          replicas: 1,
          selector: { matchLabels: { app: `web-${i}` } },
          template: {
            metadata: { labels: { app: `web-${i}` } },
            spec: {
              serviceAccountName: 'runner-0',
              containers: [
                {
                  name: 'web',
                  image: `registry.example.com/web:1.${revision}.0`,
                  ports: [{ containerPort: 8000 + revision, protocol: 'TCP' }],
                  envFrom: [{ configMapRef: { name: `config-${i}` } }],
                },
              ],
            },
          },
        },
      });
    for (const i of times(PER_NAMESPACE.ServiceAccount))
      manifests.push({ apiVersion: 'v1', kind: 'ServiceAccount', metadata: meta(`runner-${i}`) });
    for (const i of times(PER_NAMESPACE.Role))
      manifests.push({
        apiVersion: 'rbac.authorization.k8s.io/v1',
        kind: 'Role',
        metadata: meta(`reader-${i}`),
        rules: [{ apiGroups: [''], resources: ['configmaps', 'secrets'], verbs: ['get', 'list'] }],
      });
    for (const i of times(PER_NAMESPACE.RoleBinding))
      manifests.push({
        apiVersion: 'rbac.authorization.k8s.io/v1',
        kind: 'RoleBinding',
        metadata: meta(`reader-${i}`),
        roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'Role', name: `reader-${i}` },
        subjects: [{ kind: 'ServiceAccount', name: `runner-${i}`, namespace }],
      });
  }
  return manifests;
}

/** Kusion's id: `apiVersion:Kind[:namespace]:name`. */
export function kusionId(manifest: Manifest): string {
  const { namespace, name } = manifest.metadata;
  return [manifest.apiVersion, manifest.kind, ...(namespace ? [namespace] : []), name].join(':');
}

/** `main.yaml`: one flow mapping per resource (JSON is YAML), the Spec shape. */
export function renderKusionSpec(manifests: readonly Manifest[]): string {
  const lines = manifests.map(
    (manifest) =>
      `  - ${JSON.stringify({ id: kusionId(manifest), type: 'Kubernetes', attributes: manifest })}`,
  );
  return `resources:\n${lines.join('\n')}\n`;
}

/**
 * One YAML stream for `kubectl apply -f`, namespaces first (kubectl applies in file order). Each
 * document is a JSON flow mapping; the leading `---` makes kubectl read the file as YAML (a file
 * that starts with `{` is read as one JSON stream).
 */
export function renderKubectlStream(manifests: readonly Manifest[]): string {
  return manifests.map((manifest) => `---\n${JSON.stringify(manifest)}\n`).join('');
}
