/**
 * How a changed secret is noticed. A secure parameter's value cannot be read back from ARM (and
 * write-only properties such as passwords are never returned), so what-if answers `NoChange` when
 * only a secret changed. After each deploy the provider records, per secret path, a salted scrypt
 * digest of the value under the annotation `kusionSecretDigests` of the resource's state (not a
 * sensitive path: it is a digest, never the value, and scrypt makes guessing a weak password from
 * it slow). The plan recomputes the digest of the desired value with the recorded salt: a
 * different digest, a new or removed secret path, or no record at all means the secret changed.
 */
import { randomBytes, scrypt, timingSafeEqual } from 'node:crypto';
import type { Attributes, Resource } from '@kusion/sdk';
import { isRecord } from './azure-resource.js';
import { secretSitesOf } from './secure-parameters.js';

/** The state annotation: `{ "<secret path>": "scrypt:<salt>:<digest>" }` (base64url). */
export const SECRET_DIGESTS_KEY = 'kusionSecretDigests';

const PREFIX = 'scrypt';
const KEY_LENGTH = 32;
/** scrypt's cost (2^14, r 8: ~16 MiB and tens of milliseconds per secret, once per plan). */
const COST = { N: 16_384, r: 8, p: 1, maxmem: 64 * 1024 * 1024 };

/** The recorded digests of a resource's state, by secret path. */
export function recordedDigests(attributes: Attributes | undefined): Map<string, string> {
  const recorded = attributes?.[SECRET_DIGESTS_KEY];
  if (!isRecord(recorded)) return new Map();
  return new Map(
    Object.entries(recorded).filter(
      (entry): entry is [string, string] => typeof entry[1] === 'string',
    ),
  );
}

/**
 * The digests to record after deploying `resource`: a recorded digest that still matches its value
 * is kept (the state does not change when the secret did not), others are made with a new salt.
 */
export async function digestsFor(
  resource: Pick<Resource, 'id' | 'attributes' | 'extensions'>,
  prior: Attributes | undefined,
): Promise<Record<string, string> | undefined> {
  const sites = secretSitesOf(resource);
  if (!sites.length) return undefined;
  const recorded = recordedDigests(prior);
  const digests: Record<string, string> = {};
  for (const site of sites) {
    const previous = recorded.get(site.path);
    digests[site.path] =
      previous !== undefined && (await matches(previous, resource.id, site.path, site.value))
        ? previous
        : await digestOf(resource.id, site.path, site.value, randomBytes(16));
  }
  return digests;
}

/**
 * The secret paths of `resource` whose value differs from what `prior` recorded: changed, added,
 * removed, not recorded, or not known yet (`unknownPaths`: a `ref://` the store cannot read yet).
 */
export async function changedSecretPaths(
  resource: Pick<Resource, 'id' | 'attributes' | 'extensions'>,
  prior: Attributes,
  unknownPaths: readonly string[],
): Promise<string[]> {
  const recorded = recordedDigests(prior);
  const changed = new Set<string>();
  const desired = new Set<string>();
  for (const site of secretSitesOf(resource)) {
    desired.add(site.path);
    const digest = recorded.get(site.path);
    const isUnknown = unknownPaths.some((path) => overlaps(path, site.path));
    if (
      isUnknown ||
      digest === undefined ||
      !(await matches(digest, resource.id, site.path, site.value))
    )
      changed.add(site.path);
  }
  for (const path of recorded.keys()) if (!desired.has(path)) changed.add(path);
  return [...changed].sort();
}

/** One path is the other, or lies under it. */
function overlaps(left: string, right: string): boolean {
  const under = (inner: string, outer: string): boolean =>
    inner === outer || inner.startsWith(`${outer}.`) || inner.startsWith(`${outer}[`);
  return under(left, right) || under(right, left);
}

async function matches(
  recorded: string,
  resourceId: string,
  path: string,
  value: unknown,
): Promise<boolean> {
  const [prefix, salt, digest] = recorded.split(':');
  if (prefix !== PREFIX || salt === undefined || digest === undefined) return false;
  const expected = Buffer.from(digest, 'base64url');
  const actual = await derive(resourceId, path, value, Buffer.from(salt, 'base64url'));
  return expected.length === actual.length && timingSafeEqual(expected, actual);
}

async function digestOf(
  resourceId: string,
  path: string,
  value: unknown,
  salt: Buffer,
): Promise<string> {
  const digest = await derive(resourceId, path, value, salt);
  return `${PREFIX}:${salt.toString('base64url')}:${digest.toString('base64url')}`;
}

/** The id and path are hashed in, so a digest copied to another resource or path never matches. */
function derive(resourceId: string, path: string, value: unknown, salt: Buffer): Promise<Buffer> {
  const input = `${resourceId}\0${path}\0${JSON.stringify(value)}`;
  return new Promise((resolve, reject) => {
    scrypt(input, salt, KEY_LENGTH, COST, (error, key) => {
      if (error) reject(error);
      else resolve(key);
    });
  });
}
