/**
 * Attribute paths: `spec.template.spec.containers[0].image`, also written `containers.0.image`.
 * A literal dot inside a key is written `\.` (`metadata.labels.app\.kubernetes\.io/name`).
 */

export type PathSegment = string;

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

export function formatAttributePath(segments: readonly (string | number)[]): string {
  let out = '';
  for (const segment of segments) {
    if (typeof segment === 'number') out += `[${segment}]`;
    else out += (out === '' ? '' : '.') + segment.replaceAll('.', '\\.');
  }
  return out;
}

/** The value at a path, or `undefined` with `found: false` when some segment is missing. */
export function getAtPath(
  root: unknown,
  segments: readonly PathSegment[],
): { readonly found: boolean; readonly value: unknown } {
  let current: unknown = root;
  for (const segment of segments) {
    if (Array.isArray(current)) {
      const index = Number(segment);
      if (!Number.isInteger(index) || index < 0 || index >= current.length) {
        return { found: false, value: undefined };
      }
      current = current[index];
    } else if (typeof current === 'object' && current !== null && Object.hasOwn(current, segment)) {
      current = (current as Record<string, unknown>)[segment];
    } else {
      return { found: false, value: undefined };
    }
  }
  return { found: true, value: current };
}
