import { isAbsolute, relative, sep } from 'node:path';

/**
 * A path as shown in messages: relative to the working folder when inside it (what people typed
 * and what terminals make clickable), absolute otherwise.
 */
export function displayPath(absolutePath: string, cwd: string = process.cwd()): string {
  const fromCwd = relative(cwd, absolutePath);
  const isOutside = fromCwd === '..' || fromCwd.startsWith(`..${sep}`) || isAbsolute(fromCwd);
  if (isOutside) return absolutePath;
  return fromCwd || '.';
}

/** A folder as named in a sentence: its display path, or "the current folder". */
export function describeFolder(absolutePath: string, cwd: string = process.cwd()): string {
  const shown = displayPath(absolutePath, cwd);
  return shown === '.' ? 'the current folder' : shown;
}
