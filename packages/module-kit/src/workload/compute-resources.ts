/**
 * Kusion's compute resources: `cpu: 500m` is a limit (Kubernetes then requests the same),
 * `cpu: 250m-500m` a request and a limit, for any resource name (`memory`, `ephemeral-storage`...).
 */

export interface ResourceRequirements {
  readonly requests?: Record<string, string>;
  readonly limits?: Record<string, string>;
}

export function toResourceRequirements(
  resources: Readonly<Record<string, string>> | undefined,
): ResourceRequirements | undefined {
  if (!resources || Object.keys(resources).length === 0) return undefined;
  const requests: Record<string, string> = {};
  const limits: Record<string, string> = {};
  for (const [name, value] of Object.entries(resources)) {
    const [first = '', second] = value.split('-');
    if (second === undefined) {
      limits[name] = first;
    } else {
      requests[name] = first;
      limits[name] = second;
    }
  }
  return {
    ...(Object.keys(requests).length ? { requests } : {}),
    ...(Object.keys(limits).length ? { limits } : {}),
  };
}
