/** Rules written in TypeScript: `export default definePolicy([...])`, typed, built-in kinds and custom checks alike. */
import type { PolicyRule } from './types.js';

export function definePolicy(rules: readonly PolicyRule[]): readonly PolicyRule[] {
  return rules;
}
