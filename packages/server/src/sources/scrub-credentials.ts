/** Blanks the user part of every URL in a text (`https://token@host` → `https://***@host`). */
export function scrubCredentials(text: string): string {
  return text.replace(/([a-z][a-z0-9+.-]*:\/\/)[^/\s@]+@/gi, '$1***@');
}
