/**
 * Field rules Resource Manager enforces on what callers send (the formats documented in the
 * .proto comments and GCP's naming requirements). A violation is INVALID_ARGUMENT naming the field.
 */
import { invalidArgument } from './rpc-error.ts';

const PROJECT_ID = /^[a-z][a-z0-9-]{4,28}[a-z0-9]$/;
const PROJECT_DISPLAY_NAME = /^[\p{L}\p{N}\-'" !]{4,30}$/u;
const FOLDER_DISPLAY_NAME = /^[\p{L}\p{N}]([\p{L}\p{N}_\- ]{0,28}[\p{L}\p{N}])?$/u;
const LABEL_KEY = /^\p{Ll}[\p{Ll}\p{Lo}\p{N}_-]{0,62}$/u;
const LABEL_VALUE = /^[\p{Ll}\p{Lo}\p{N}_-]{0,63}$/u;
const MAX_LABELS = 64;
const TAG_SHORT_NAME = /^[a-zA-Z0-9]([a-zA-Z0-9_.-]{0,61}[a-zA-Z0-9])?$/;
const MAX_DESCRIPTION = 256;

export function checkProjectId(projectId: string | undefined, field: string): string {
  if (!projectId) throw invalid(field, 'is required');
  if (!PROJECT_ID.test(projectId)) {
    throw invalid(
      field,
      `'${projectId}' is not a valid project id: 6 to 30 lowercase letters, digits or hyphens, starting with a letter and not ending with a hyphen`,
    );
  }
  return projectId;
}

export function checkProjectDisplayName(displayName: string, field: string): void {
  if (displayName && !PROJECT_DISPLAY_NAME.test(displayName)) {
    throw invalid(
      field,
      `'${displayName}' must be 4 to 30 letters, digits, spaces, hyphens, quotes or exclamation points`,
    );
  }
}

export function checkFolderDisplayName(displayName: string | undefined, field: string): string {
  if (!displayName) throw invalid(field, 'is required');
  if (!FOLDER_DISPLAY_NAME.test(displayName)) {
    throw invalid(
      field,
      `'${displayName}' must be at most 30 letters, digits, spaces, hyphens and underscores, starting and ending with a letter or digit`,
    );
  }
  return displayName;
}

export function checkLabels(labels: Readonly<Record<string, string>>, field: string): void {
  const entries = Object.entries(labels);
  if (entries.length > MAX_LABELS) throw invalid(field, `has more than ${MAX_LABELS} labels`);
  for (const [key, value] of entries) {
    if (!LABEL_KEY.test(key)) {
      throw invalid(
        `${field}.${key}`,
        'label keys are 1 to 63 lowercase letters, digits, underscores or hyphens, starting with a letter',
      );
    }
    if (!LABEL_VALUE.test(value)) {
      throw invalid(
        `${field}.${key}`,
        `label value '${value}' must be at most 63 lowercase letters, digits, underscores or hyphens`,
      );
    }
  }
}

export function checkTagShortName(shortName: string | undefined, field: string): string {
  if (!shortName) throw invalid(field, 'is required');
  if (!TAG_SHORT_NAME.test(shortName)) {
    throw invalid(
      field,
      `'${shortName}' must be 1 to 63 characters, beginning and ending with a letter or digit, with letters, digits, dashes, underscores and dots between`,
    );
  }
  return shortName;
}

export function checkDescription(description: string, field: string): void {
  if (description.length > MAX_DESCRIPTION)
    throw invalid(field, `must not exceed ${MAX_DESCRIPTION} characters`);
}

function invalid(field: string, problem: string) {
  return invalidArgument(`Request contains an invalid argument: ${field} ${problem}.`, [
    { field, description: problem },
  ]);
}
