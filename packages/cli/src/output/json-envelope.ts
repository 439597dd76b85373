/** The one `--json` envelope every command shares, successes and errors alike. */

/** A warning the run gave, as every `--json` document lists it. */
export interface JsonWarning {
  readonly code: string;
  readonly message: string;
}

/**
 * `{ status, ...command data, warnings }`, errors included
 * (`{ status: "error", error: { code, message, hint? }, warnings }`). A document without its own
 * `status` succeeded.
 */
export function jsonEnvelope(
  document: object,
  warnings: readonly JsonWarning[],
): Record<string, unknown> {
  const { status } = document as { status?: unknown };
  return { status: typeof status === 'string' ? status : 'succeeded', ...document, warnings };
}
