import { userInfo } from 'node:os';

/** Who runs this process, for lock holders and release records. */
export function currentUser(): string {
  try {
    return userInfo().username;
  } catch {
    return process.env.USER ?? 'unknown';
  }
}
