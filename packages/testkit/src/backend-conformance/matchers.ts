/** vitest's asymmetric matchers, typed `unknown` instead of `any` so strict lint rules hold. */
import { expect } from 'vitest';

export const containing = (text: string): unknown => expect.stringContaining(text);

export const matching = (pattern: RegExp): unknown => expect.stringMatching(pattern);
