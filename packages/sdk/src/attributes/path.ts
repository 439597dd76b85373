/**
 * Attribute paths, the one notation of every `sensitivePaths`, `--ignore-fields`, `DiffEntry.path`
 * and `$kusion_path` reference: `spec.template.spec.containers[0].image`, also written
 * `containers.0.image`. A literal dot inside a key is written `\.`
 * (`metadata.labels.app\.kubernetes\.io/name`); `*` matches any one key or index.
 */

/** One step of a path: an object key, or an array index written as a string. */
export type PathSegment = string;

/** A path as segments; array indexes may be numbers (as the engine walks them) or strings. */
export type AttributePath = readonly (string | number)[];

/** Splits a dot path into segments: `a.b[0].c` → `['a', 'b', '0', 'c']`. */
export function parseAttributePath(path: string): PathSegment[] {
  const segments: string[] = [];
  let current = '';
  for (let i = 0; i < path.length; i++) {
    const char = path.charAt(i);
    if (char === '\\' && path[i + 1] === '.') {
      current += '.';
      i++;
    } else if (char === '.') {
      segments.push(current);
      current = '';
    } else if (char === '[') {
      const close = path.indexOf(']', i);
      if (close === -1) {
        current += char;
        continue;
      }
      if (current !== '') segments.push(current);
      segments.push(path.slice(i + 1, close));
      current = '';
      i = close;
      if (path[i + 1] === '.') i++;
    } else {
      current += char;
    }
  }
  if (current !== '' || path.endsWith('.')) segments.push(current);
  return segments;
}

/** Writes segments as a dot path; numbers become `[n]`, dots inside keys are escaped. */
export function formatAttributePath(segments: AttributePath): string {
  let out = '';
  for (const segment of segments) {
    if (typeof segment === 'number') out += `[${segment}]`;
    else out += (out === '' ? '' : '.') + segment.replaceAll('.', '\\.');
  }
  return out;
}

/** What `getAtPath` found: `found: false` when some segment is missing. */
export interface PathLookup {
  readonly found: boolean;
  readonly value: unknown;
}

/** The value at a path (segments, or a dot path). */
export function getAtPath(root: unknown, path: AttributePath | string): PathLookup {
  const segments = typeof path === 'string' ? parseAttributePath(path) : path;
  let current: unknown = root;
  for (const segment of segments) {
    const next = childOf(current, String(segment));
    if (!next.found) return next;
    current = next.value;
  }
  return { found: true, value: current };
}

/**
 * Sets the value at a path inside `root` (mutating it), creating objects for missing keys. Throws
 * when the path crosses a value that is neither an object nor an array.
 */
export function setAtPath(
  root: Record<string, unknown>,
  path: AttributePath | string,
  value: unknown,
): void {
  const segments = typeof path === 'string' ? parseAttributePath(path) : path;
  const walked: (string | number)[] = [];
  let container: unknown = root;
  for (let i = 0; i < segments.length - 1; i++) {
    const segment = String(segments[i]);
    walked.push(Array.isArray(container) ? Number(segment) : segment);
    const record = container as Record<string, unknown>;
    if (record[segment] === undefined || record[segment] === null) record[segment] = {};
    container = record[segment];
    if (typeof container !== 'object') {
      const full = typeof path === 'string' ? path : formatAttributePath(segments);
      throw new TypeError(`cannot set ${full}: ${formatAttributePath(walked)} is not an object`);
    }
  }
  const last = segments[segments.length - 1];
  if (last !== undefined) (container as Record<string, unknown>)[String(last)] = value;
}

/** One value a wildcard path matched, with its concrete path. */
export interface PathMatch {
  readonly path: readonly (string | number)[];
  readonly value: unknown;
}

/** Every value a path with `*` wildcards matches (`users.*.password`), depth first. */
export function findAtPath(root: unknown, pattern: AttributePath | string): PathMatch[] {
  const segments = (typeof pattern === 'string' ? parseAttributePath(pattern) : pattern).map(
    String,
  );
  const matches: PathMatch[] = [];
  const visit = (value: unknown, depth: number, path: (string | number)[]): void => {
    if (depth === segments.length) {
      matches.push({ path: [...path], value });
      return;
    }
    const segment = segments[depth] as string;
    if (segment === '*') {
      for (const [key, child] of childrenOf(value)) {
        path.push(key);
        visit(child, depth + 1, path);
        path.pop();
      }
      return;
    }
    const next = childOf(value, segment);
    if (!next.found) return;
    path.push(Array.isArray(value) ? Number(segment) : segment);
    visit(next.value, depth + 1, path);
    path.pop();
  };
  visit(root, 0, []);
  return matches;
}

function childOf(value: unknown, segment: string): PathLookup {
  if (Array.isArray(value)) {
    const index = Number(segment);
    if (!Number.isInteger(index) || index < 0 || index >= value.length)
      return { found: false, value: undefined };
    return { found: true, value: value[index] };
  }
  if (typeof value === 'object' && value !== null && Object.hasOwn(value, segment)) {
    return { found: true, value: (value as Record<string, unknown>)[segment] };
  }
  return { found: false, value: undefined };
}

function childrenOf(value: unknown): [string | number, unknown][] {
  if (Array.isArray(value)) return value.map((item, index) => [index, item]);
  if (typeof value === 'object' && value !== null) return Object.entries(value);
  return [];
}
