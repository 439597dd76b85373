/**
 * Kusion's `secret://<name>/<key>` values: a workload's env var, file or folder taken from a
 * Kubernetes Secret of the app's namespace (one the workload's `secrets` declare, or any other).
 */

export interface SecretKeyReference {
  readonly name: string;
  /** Absent for a whole Secret (a folder of files). */
  readonly key?: string | undefined;
}

const PREFIX = 'secret://';

/** Whether a value is a `secret://` reference (Kusion's `${secret://...}` form too). */
export function isSecretReference(value: string): boolean {
  return unwrap(value).startsWith(PREFIX);
}

/** The Secret and key a `secret://name/key` value names; undefined for anything else or a malformed one. */
export function parseSecretReference(value: string): SecretKeyReference | undefined {
  const reference = unwrap(value);
  if (!reference.startsWith(PREFIX)) return undefined;
  const [name = '', key, ...rest] = reference.slice(PREFIX.length).split('/');
  if (name === '' || rest.length > 0 || key === '') return undefined;
  return key === undefined ? { name } : { name, key };
}

function unwrap(value: string): string {
  return value.startsWith('${') && value.endsWith('}') ? value.slice(2, -1) : value;
}
