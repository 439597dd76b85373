/**
 * Terraform's machine-readable messages (`-json`: one JSON object a line) read for what went
 * wrong, and for which resource: a diagnostic names its resource by `address`, or by the
 * `resource "TYPE" "NAME"` block its source snippet points into.
 */
import { isRecord } from '../model/terraform-resource.js';

export interface TerraformDiagnostic {
  readonly severity: 'error' | 'warning';
  readonly summary: string;
  readonly detail: string;
  /** `aws_sqs_queue.orders`, when Terraform tied it to a resource. */
  readonly address: string | undefined;
}

/** The diagnostics of a `-json` run's output; lines that are not JSON are skipped. */
export function parseDiagnostics(output: string): TerraformDiagnostic[] {
  const diagnostics: TerraformDiagnostic[] = [];
  for (const line of output.split('\n')) {
    if (!line.startsWith('{')) continue;
    let message: unknown;
    try {
      message = JSON.parse(line);
    } catch {
      continue;
    }
    if (!isRecord(message) || message['type'] !== 'diagnostic') continue;
    const diagnostic = message['diagnostic'];
    if (!isRecord(diagnostic)) continue;
    diagnostics.push({
      severity: diagnostic['severity'] === 'warning' ? 'warning' : 'error',
      summary: typeof diagnostic['summary'] === 'string' ? diagnostic['summary'] : '',
      detail: typeof diagnostic['detail'] === 'string' ? diagnostic['detail'] : '',
      address: addressOf(diagnostic),
    });
  }
  return diagnostics;
}

function addressOf(diagnostic: Record<string, unknown>): string | undefined {
  if (typeof diagnostic['address'] === 'string') return stripInstanceKey(diagnostic['address']);
  const snippet = diagnostic['snippet'];
  const context = isRecord(snippet) ? snippet['context'] : undefined;
  if (typeof context !== 'string') return undefined;
  const block = /^resource "([^"]+)" "([^"]+)"/.exec(context);
  if (block) return `${block[1] ?? ''}.${block[2] ?? ''}`;
  const output = /^output "([^"]+)"/.exec(context);
  return output ? `output.${output[1] ?? ''}` : undefined;
}

/** `aws_sqs_queue.q[0]` → `aws_sqs_queue.q`. */
function stripInstanceKey(address: string): string {
  return address.replace(/\[[^\]]*\]$/, '');
}

/** One line for a user: summary, then detail. */
export function describeDiagnostic(diagnostic: TerraformDiagnostic): string {
  const detail = diagnostic.detail.replace(/\s+/g, ' ').trim();
  return detail ? `${diagnostic.summary}: ${detail}` : diagnostic.summary;
}
