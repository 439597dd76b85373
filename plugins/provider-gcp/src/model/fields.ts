/**
 * The attributes a user may write for one kind, each with a check that answers what was expected
 * when the value is wrong. A `$kusion_path` reference passes any check that accepts a string: its
 * value is checked by the API once known.
 */
import { isKusionPath } from '@kusion/sdk';

/** Undefined when the value is fine; else what was expected, as a phrase. */
export type FieldCheck = (value: unknown) => string | undefined;

export interface FieldSpec {
  readonly check: FieldCheck;
  readonly isRequired?: boolean;
  /** Said in the README and in errors: what the field is. */
  readonly description: string;
}

export type FieldSpecs = Readonly<Record<string, FieldSpec>>;

export function pattern(regex: RegExp, expected: string): FieldCheck {
  return (value) =>
    typeof value === 'string' && (isKusionPath(value) || regex.test(value)) ? undefined : expected;
}

export function oneOfPatterns(
  patterns: readonly { readonly regex: RegExp }[],
  expected: string,
): FieldCheck {
  return (value) =>
    typeof value === 'string' &&
    (isKusionPath(value) || patterns.some(({ regex }) => regex.test(value)))
      ? undefined
      : expected;
}

export const anyString: FieldCheck = (value) =>
  typeof value === 'string' ? undefined : 'a string';

export const nonEmptyString: FieldCheck = (value) =>
  typeof value === 'string' && value !== '' ? undefined : 'a non-empty string';

const LABEL_KEY = /^[\p{Ll}][\p{Ll}\p{N}_-]{0,62}$/u;
const LABEL_VALUE = /^[\p{Ll}\p{N}_-]{0,63}$/u;

/** GCP labels: at most 64; keys start with a lowercase letter; lowercase letters, digits, `_`, `-`. */
export const labels: FieldCheck = (value) => {
  const expected =
    'a map of at most 64 labels whose keys start with a lowercase letter and hold lowercase letters, digits, "_" and "-" (values too, at most 63 characters)';
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return expected;
  const entries = Object.entries(value);
  if (entries.length > 64) return expected;
  const bad = entries.find(
    ([key, item]) =>
      !LABEL_KEY.test(key) ||
      typeof item !== 'string' ||
      !(isKusionPath(item) || LABEL_VALUE.test(item)),
  );
  return bad ? `${expected}; "${bad[0]}" is not one` : undefined;
};

export const stringList: FieldCheck = (value) =>
  Array.isArray(value) && value.length > 0 && value.every((item) => typeof item === 'string')
    ? undefined
    : 'a non-empty list of strings';

/** A condition of a conditional IAM binding. */
export const condition: FieldCheck = (value) => {
  const expected = 'an object { title, expression, description? } (a CEL expression)';
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return expected;
  const record = value as Record<string, unknown>;
  const unknown = Object.keys(record).filter(
    (key) => !['title', 'expression', 'description'].includes(key),
  );
  if (unknown.length) return `${expected}; unknown key "${unknown[0] ?? ''}"`;
  if (typeof record['title'] !== 'string' || record['title'] === '') return expected;
  if (typeof record['expression'] !== 'string' || record['expression'] === '') return expected;
  if (record['description'] !== undefined && typeof record['description'] !== 'string')
    return expected;
  return undefined;
};

export const PROJECT_ID_RULE =
  '6 to 30 lowercase letters, digits or hyphens, starting with a letter and not ending with a hyphen';
export const projectId = pattern(/^[a-z][a-z0-9-]{4,28}[a-z0-9]$/, PROJECT_ID_RULE);

export const projectDisplayName = pattern(
  /^[\p{L}\p{N}\-'" !]{4,30}$/u,
  '4 to 30 letters, digits, spaces, hyphens, quotes or exclamation points',
);

export const folderDisplayName = pattern(
  /^[\p{L}\p{N}]([\p{L}\p{N}_\- ]{0,28}[\p{L}\p{N}])?$/u,
  'at most 30 letters, digits, spaces, hyphens and underscores, starting and ending with a letter or digit',
);

export const tagShortName = pattern(
  /^[a-zA-Z0-9]([a-zA-Z0-9_.-]{0,61}[a-zA-Z0-9])?$/,
  '1 to 63 characters, beginning and ending with a letter or digit, with letters, digits, dashes, underscores and dots between',
);

export const description: FieldCheck = (value) =>
  typeof value === 'string' && value.length <= 256
    ? undefined
    : 'a string of at most 256 characters';

/** `organizations/N` or `folders/N`: where projects and folders live. */
export const container = pattern(
  /^(organizations|folders)\/\d+$/,
  '"organizations/<number>" or "folders/<number>" (or a reference such as $kusion_path.gcp:Folder:platform.name)',
);
