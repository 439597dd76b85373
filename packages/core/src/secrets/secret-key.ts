/**
 * The key that seals secret values inside stored releases, so a rollback can re-apply them while
 * state files never hold them in clear text. Teams sharing a backend set the same
 * `KUSION_SECRET_KEY` everywhere; otherwise each machine keeps its own key in `$KUSION_HOME`.
 */
import { randomBytes, scryptSync } from 'node:crypto';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';

const KEY_FILE = 'secret.key';

export async function loadSecretKey(kusionHome: string): Promise<Buffer> {
  const fromEnv = process.env.KUSION_SECRET_KEY;
  if (fromEnv) return keyFromText(fromEnv);
  const file = join(kusionHome, KEY_FILE);
  try {
    return keyFromText((await readFile(file, 'utf8')).trim());
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
  }
  await mkdir(kusionHome, { recursive: true });
  const key = randomBytes(32).toString('base64');
  try {
    await writeFile(file, `${key}\n`, { mode: 0o600, flag: 'wx' });
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
    return keyFromText((await readFile(file, 'utf8')).trim()); // another process won the race
  }
  return keyFromText(key);
}

/** 32 bytes as base64 are used as is; anything else is a passphrase stretched with scrypt. */
function keyFromText(text: string): Buffer {
  const decoded = Buffer.from(text, 'base64');
  if (decoded.length === 32 && /^[A-Za-z0-9+/]+=*$/.test(text)) return decoded;
  return scryptSync(text, 'kusion-secret-key', 32);
}
