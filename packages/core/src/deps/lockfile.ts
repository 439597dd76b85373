/** Which packages changed version between two states of an npm lockfile (`package-lock.json` v2/v3). */

/** `name → version` of every installed package; nested copies too, by their path. */
export function lockedVersions(text: string | undefined): Map<string, string> {
  const versions = new Map<string, string>();
  if (text === undefined) return versions;
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    return versions;
  }
  const packages = (parsed as { packages?: unknown } | null)?.packages;
  if (typeof packages !== 'object' || packages === null) return versions;
  for (const [path, entry] of Object.entries(packages as Record<string, unknown>)) {
    const marker = path.lastIndexOf('node_modules/');
    if (marker < 0) continue;
    const name = path.slice(marker + 'node_modules/'.length);
    const version = (entry as { version?: unknown } | null)?.version;
    // The top-level copy is the one a project's imports get; nested copies count when it is absent.
    const isTopLevel = marker === 0;
    if (typeof version === 'string' && (isTopLevel || !versions.has(name)))
      versions.set(name, version);
  }
  return versions;
}

/** Names whose version differs (added and removed included). */
export function changedPackages(
  before: ReadonlyMap<string, string>,
  after: ReadonlyMap<string, string>,
): Set<string> {
  const changed = new Set<string>();
  for (const name of new Set([...before.keys(), ...after.keys()]))
    if (before.get(name) !== after.get(name)) changed.add(name);
  return changed;
}
