/**
 * Secrets: the values of a `v1` Secret are sensitive (the engine masks them in every output and
 * stores only a hash), `stringData` is folded into `data` so it compares with what the server
 * stores, and error messages are scrubbed of secret values before anyone sees them.
 */
import { declaredSensitivePaths } from '@kusion/sdk';
import type { Resource } from '@kusion/sdk';
import { isJsonObject } from './json-object.js';
import type { JsonObject } from './json-object.js';
import { isSecret } from './well-known-kinds.js';

export const SECRET_SENSITIVE_PATHS: readonly string[] = ['data', 'stringData'];

/**
 * The sensitive paths of a resource: a Secret's values, and whatever it declares under
 * `extensions.sensitivePaths` (a ConfigMap value the user marked secret). Undefined when none.
 */
export function sensitivePathsOf(
  resource: Pick<Resource, 'attributes' | 'extensions'>,
): readonly string[] | undefined {
  const paths = new Set([
    ...(isSecretManifest(resource.attributes) ? SECRET_SENSITIVE_PATHS : []),
    ...declaredSensitivePaths(resource),
  ]);
  return paths.size ? [...paths] : undefined;
}

function isSecretManifest(manifest: JsonObject): boolean {
  return isSecret(String(manifest['apiVersion']), String(manifest['kind']));
}

/**
 * Moves `stringData` into `data` (base64), in place, as the API server does on write: `stringData`
 * is write-only, so keeping it would be a perpetual difference, and applying it as `data` makes
 * Kusion own `data` keys (removing one from the manifest then removes it from the Secret).
 */
export function foldStringData(manifest: JsonObject): void {
  if (!isSecretManifest(manifest)) return;
  const stringData = manifest['stringData'];
  if (stringData === undefined) return;
  delete manifest['stringData'];
  if (!isJsonObject(stringData)) return;
  const data = isJsonObject(manifest['data']) ? manifest['data'] : {};
  for (const [key, value] of Object.entries(stringData)) {
    data[key] = typeof value === 'string' ? Buffer.from(value, 'utf8').toString('base64') : value;
  }
  manifest['data'] = data;
}

/** Replaces every secret value of `manifest` found in `text` by `(sensitive)`. */
export function redactSecretValues(text: string, manifest: JsonObject): string {
  if (!isSecretManifest(manifest)) return text;
  const values = new Set<string>();
  for (const field of SECRET_SENSITIVE_PATHS) {
    const entries = manifest[field];
    if (!isJsonObject(entries)) continue;
    for (const value of Object.values(entries)) {
      if (typeof value !== 'string' || value === '') continue;
      values.add(value);
      if (field === 'data') values.add(Buffer.from(value, 'base64').toString('utf8'));
      else values.add(Buffer.from(value, 'utf8').toString('base64'));
    }
  }
  let redacted = text;
  // Longest first, so a value containing another is replaced whole.
  for (const value of [...values].sort((a, b) => b.length - a.length)) {
    if (value.length < 3) {
      redacted = redacted.replaceAll(`"${value}"`, '"(sensitive)"');
    } else {
      redacted = redacted.replaceAll(value, '(sensitive)');
    }
  }
  return redacted;
}
