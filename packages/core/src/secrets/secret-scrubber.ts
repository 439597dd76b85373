/**
 * The engine knows every secret value it handled: what it resolved from a secret store, and what
 * sits under a sensitive path of a resource. The scrubber replaces those values wherever they appear
 * in text — a provider error that echoes a setting, a debug trace, a native template shown with
 * `--detail` — so they never reach the user, whatever a provider or plugin put in its message.
 */
import { findAtPath, SENSITIVE_MASK } from '@kusion/sdk';
import type { Attributes, Diagnostic, IoHost, IoMessage } from '@kusion/sdk';

/**
 * Values shorter than this are not scrubbed from text: "1" or "no" would mangle every message, and
 * such values are masked by path where they sit.
 */
const MIN_SCRUBBED_LENGTH = 3;
/** Values shorter than this are replaced only as whole words ("250" but not inside "12500"). */
const WHOLE_WORD_BELOW = 8;

export interface SecretScrubber {
  /** Remembers a secret value (strings; other JSON values by their text). */
  add(value: unknown): void;
  /**
   * Remembers the values under these sensitive paths of a resource's attributes, except those
   * declared public: a Secret's `database: shop` is no secret when the Spec names the namespace
   * `shop` in clear, and scrubbing it would mangle every line that names the app.
   */
  addAtPaths(attributes: Attributes, sensitivePaths: readonly string[]): void;
  /**
   * Declares the text leaves of a value public (shown in clear elsewhere: names, ids, the values
   * outside sensitive paths). They are no longer scrubbed as values found at sensitive paths;
   * values added one by one (resolved `ref://` secrets) stay scrubbed whatever else shows them.
   */
  declarePublic(value: unknown): void;
  /** The text with every known secret replaced by `(sensitive)`. */
  scrub(text: string): string;
  /**
   * The value with every string scrubbed: objects and arrays on the way to a secret are copied,
   * the rest is shared (the whole value when it holds no secret).
   */
  scrubDeep<T>(value: T): T;
  readonly isEmpty: boolean;
}

export function createSecretScrubber(): SecretScrubber {
  const secrets = new Set<string>();
  /** Values known only from sensitive paths: public ones among them are dropped. */
  const fromPaths = new Set<string>();
  /** Values added one by one: always scrubbed. */
  const explicit = new Set<string>();
  const publicValues = new Set<string>();
  /** Built from `secrets` when first needed; dropped whenever they change. */
  let pattern:
    | {
        readonly regex: RegExp;
        /** Shorter text cannot hold a secret. */ readonly shortest: number;
      }
    | undefined;

  const remember = (text: string, origin: Set<string>): void => {
    if (text.length < MIN_SCRUBBED_LENGTH) return;
    if (origin === fromPaths && publicValues.has(text)) return;
    origin.add(text);
    if (secrets.has(text)) return;
    secrets.add(text);
    // The same value as it appears inside JSON text (quotes and backslashes escaped).
    const escaped = JSON.stringify(text).slice(1, -1);
    if (escaped !== text) secrets.add(escaped);
    pattern = undefined;
  };
  const rememberAll = (value: unknown, origin: Set<string>): void => {
    if (typeof value === 'string') remember(value, origin);
    else if (typeof value === 'number' || typeof value === 'boolean')
      remember(String(value), origin);
    else if (value !== null && typeof value === 'object') {
      for (const leaf of leaves(value)) remember(leaf, origin);
    }
  };
  const matcher = (): NonNullable<typeof pattern> => {
    if (pattern) return pattern;
    // Longest first, so a secret that contains another is replaced whole.
    const sorted = [...secrets].sort((a, b) => b.length - a.length);
    const regex = new RegExp(
      sorted
        .map((secret) =>
          secret.length < WHOLE_WORD_BELOW
            ? `(?<![\\w-])${escapeRegExp(secret)}(?![\\w-])`
            : escapeRegExp(secret),
        )
        .join('|'),
      'g',
    );
    pattern = { regex, shortest: sorted.at(-1)?.length ?? 0 };
    return pattern;
  };
  const scrub = (text: string): string => {
    if (secrets.size === 0 || !text) return text;
    const { regex, shortest } = matcher();
    return text.length < shortest ? text : text.replace(regex, SENSITIVE_MASK);
  };
  /** Copies only what changes: a message without secrets (most of them) is passed on as it is. */
  const scrubDeep = (value: unknown): unknown => {
    if (typeof value === 'string') return scrub(value);
    if (typeof value !== 'object' || value === null || value instanceof Date) return value;
    if (Array.isArray(value)) {
      const items = value as readonly unknown[];
      let copy: unknown[] | undefined;
      items.forEach((item, index) => {
        const scrubbed = scrubDeep(item);
        if (scrubbed !== item) (copy ??= [...items])[index] = scrubbed;
      });
      return copy ?? value;
    }
    let copy: Record<string, unknown> | undefined;
    for (const [key, item] of Object.entries(value)) {
      const scrubbed = scrubDeep(item);
      if (scrubbed !== item) (copy ??= { ...value })[key] = scrubbed;
    }
    return copy ?? value;
  };

  return {
    add(value) {
      rememberAll(value, explicit);
    },
    addAtPaths(attributes, sensitivePaths) {
      for (const path of sensitivePaths) {
        for (const match of findAtPath(attributes, path)) rememberAll(match.value, fromPaths);
      }
    },
    declarePublic(value) {
      for (const text of textLeaves(value)) {
        publicValues.add(text);
        if (!fromPaths.delete(text) || explicit.has(text)) continue;
        secrets.delete(text);
        secrets.delete(JSON.stringify(text).slice(1, -1));
        pattern = undefined;
      }
    },
    scrub,
    scrubDeep<T>(value: T): T {
      return secrets.size === 0 ? value : (scrubDeep(value) as T);
    },
    get isEmpty() {
      return secrets.size === 0;
    },
  };
}

/** An IoHost that scrubs every message and question before passing it on. */
export function createScrubbingIoHost(io: IoHost, scrubber: SecretScrubber): IoHost {
  return {
    notify(message) {
      return io.notify(scrubber.isEmpty ? message : scrubMessage(message, scrubber));
    },
    requestResponse(request) {
      return io.requestResponse(
        scrubber.isEmpty
          ? request
          : {
              ...request,
              message: scrubber.scrub(request.message),
              data: scrubber.scrubDeep(request.data),
            },
      );
    },
  };
}

function scrubMessage(message: IoMessage, scrubber: SecretScrubber): IoMessage {
  return {
    ...message,
    message: scrubber.scrub(message.message),
    data: scrubber.scrubDeep(message.data),
  } as IoMessage;
}

/**
 * Scrubs an error in place (message, hint, stack, diagnostics, causes) and returns it: its class
 * and fields (a lock holder, diagnostics) stay what callers check.
 */
export function scrubError<E>(error: E, scrubber: SecretScrubber): E {
  if (scrubber.isEmpty) return error;
  const seen = new Set<unknown>();
  let current: unknown = error;
  while (current instanceof Error && !seen.has(current)) {
    seen.add(current);
    const target = current as Error & { hint?: unknown; diagnostics?: unknown };
    target.message = scrubber.scrub(target.message);
    if (target.stack) target.stack = scrubber.scrub(target.stack);
    if (typeof target.hint === 'string') {
      Object.defineProperty(target, 'hint', { value: scrubber.scrub(target.hint) });
    }
    if (Array.isArray(target.diagnostics)) {
      Object.defineProperty(target, 'diagnostics', {
        value: (target.diagnostics as Diagnostic[]).map((d) => ({
          ...d,
          message: scrubber.scrub(d.message),
        })),
      });
    }
    current = target.cause;
  }
  return error;
}

/** The strings of a JSON-like value (not numbers: a port is public, a PIN is not). */
function textLeaves(value: unknown): string[] {
  if (typeof value === 'string') return [value];
  if (Array.isArray(value)) return value.flatMap(textLeaves);
  if (typeof value === 'object' && value !== null) return Object.values(value).flatMap(textLeaves);
  return [];
}

function leaves(value: object): string[] {
  const found: string[] = [];
  const visit = (item: unknown): void => {
    if (typeof item === 'string') found.push(item);
    else if (typeof item === 'number' || typeof item === 'boolean') found.push(String(item));
    else if (Array.isArray(item)) item.forEach(visit);
    else if (item !== null && typeof item === 'object') Object.values(item).forEach(visit);
  };
  visit(value);
  // The whole object too, as a provider would print it with JSON.stringify.
  found.push(JSON.stringify(value));
  return found;
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
