/**
 * Durable file primitives for the local backend. Every write goes to a temporary file in the same
 * directory first, so a reader (or a process killed half-way) only ever sees a whole old file or a
 * whole new one.
 */
import { randomBytes } from 'node:crypto';
import { link, mkdir, open, readFile, rename, stat, unlink } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';

/** Files under `$KUSION_HOME` hold state and settings: readable by their owner only. */
const FILE_MODE = 0o600;

/** Whether a Node system error carries this `code` (`ENOENT`, `EEXIST`...). */
export function hasErrorCode(error: unknown, code: string): boolean {
  return typeof error === 'object' && error !== null && (error as { code?: unknown }).code === code;
}

/** Makes a directory's entries (a rename, a link, an unlink) survive a power loss. */
export async function fsyncDirectory(directory: string): Promise<void> {
  // Windows cannot open a directory for syncing; NTFS journals metadata on its own.
  if (process.platform === 'win32') return;
  const handle = await open(directory, 'r');
  try {
    await handle.sync();
  } finally {
    await handle.close();
  }
}

/** Creates a directory and its missing parents, making each new entry durable. */
export async function ensureDirectory(directory: string): Promise<void> {
  const firstCreated = await mkdir(directory, { recursive: true, mode: 0o700 });
  if (firstCreated === undefined) return;
  // Every directory from `firstCreated` down to `directory` is new: sync the parent of each.
  for (let current = directory; ; current = dirname(current)) {
    await fsyncDirectory(dirname(current));
    if (current === firstCreated || dirname(current) === current) break;
  }
}

/** `.<name>.<pid>.<random>.tmp`: the pid lets a later writer tell one left by a killed process. */
function temporaryPathFor(file: string): string {
  return join(
    dirname(file),
    `.${basename(file)}.${process.pid}.${randomBytes(6).toString('hex')}.tmp`,
  );
}

async function writeAndSync(file: string, data: string): Promise<void> {
  const handle = await open(file, 'wx', FILE_MODE);
  try {
    await handle.writeFile(data, 'utf8');
    await handle.sync();
  } finally {
    await handle.close();
  }
}

async function removeIfExists(file: string): Promise<void> {
  try {
    await unlink(file);
  } catch (error) {
    if (!hasErrorCode(error, 'ENOENT')) throw error;
  }
}

/** Replaces `file` with `data` atomically: temp file, fsync, rename over, fsync the directory. */
export async function writeFileAtomic(file: string, data: string): Promise<void> {
  const directory = dirname(file);
  await ensureDirectory(directory);
  const temporary = temporaryPathFor(file);
  try {
    await writeAndSync(temporary, data);
    await rename(temporary, file);
  } catch (error) {
    await removeIfExists(temporary);
    throw error;
  }
  await fsyncDirectory(directory);
}

/**
 * Creates `file` with `data` only if it does not exist, atomically: the content is complete and
 * durable before the name appears (`link()` fails with EEXIST when the name is taken).
 * Answers whether this call created it.
 */
export async function createFileExclusive(file: string, data: string): Promise<boolean> {
  const directory = dirname(file);
  await ensureDirectory(directory);
  const temporary = temporaryPathFor(file);
  let isCreated: boolean;
  try {
    await writeAndSync(temporary, data);
    isCreated = await linkUnlessExists(temporary, file, data);
  } finally {
    await removeIfExists(temporary);
  }
  await fsyncDirectory(directory);
  return isCreated;
}

async function linkUnlessExists(temporary: string, file: string, data: string): Promise<boolean> {
  try {
    await link(temporary, file);
    return true;
  } catch (error) {
    if (hasErrorCode(error, 'EEXIST')) return false;
    // File systems without hard links (FAT, some network mounts): still exclusive through
    // O_EXCL, though a crash mid-write can leave a partial file that readers report as corrupt.
    if (['EPERM', 'ENOTSUP', 'ENOSYS', 'EOPNOTSUPP'].some((code) => hasErrorCode(error, code))) {
      return writeExclusive(file, data);
    }
    throw error;
  }
}

async function writeExclusive(file: string, data: string): Promise<boolean> {
  try {
    await writeAndSync(file, data);
    return true;
  } catch (error) {
    if (hasErrorCode(error, 'EEXIST')) return false;
    throw error;
  }
}

/** The text of a file, or `undefined` when it does not exist. */
export async function readTextIfExists(file: string): Promise<string | undefined> {
  try {
    return await readFile(file, 'utf8');
  } catch (error) {
    if (hasErrorCode(error, 'ENOENT')) return undefined;
    throw error;
  }
}

/** Removes a file; answers whether it existed. */
export async function removeFile(file: string): Promise<boolean> {
  try {
    await unlink(file);
  } catch (error) {
    if (hasErrorCode(error, 'ENOENT')) return false;
    throw error;
  }
  await fsyncDirectory(dirname(file));
  return true;
}

/** Whether a path exists. */
export async function fileExists(file: string): Promise<boolean> {
  try {
    await stat(file);
    return true;
  } catch (error) {
    if (hasErrorCode(error, 'ENOENT')) return false;
    throw error;
  }
}
