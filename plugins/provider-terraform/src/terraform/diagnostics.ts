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
  /** Where in the configuration, when Terraform says: `main.tf.json` and a 1-based line. */
  readonly range?: { readonly filename: string; readonly line: number } | undefined;
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
      range: rangeOf(diagnostic['range']),
    });
  }
  return diagnostics;
}

function rangeOf(range: unknown): TerraformDiagnostic['range'] {
  if (!isRecord(range) || typeof range['filename'] !== 'string') return undefined;
  const start = range['start'];
  const line = isRecord(start) ? start['line'] : undefined;
  return typeof line === 'number' ? { filename: range['filename'], line } : undefined;
}

/**
 * The resource block each line of a `main.tf.json` written by `JSON.stringify(module, null, 2)`
 * belongs to: in JSON syntax Terraform often gives only a line, no block context.
 */
export function resourceLines(text: string): (line: number) => string | undefined {
  const owners: (string | undefined)[] = [undefined];
  let section: string | undefined;
  let type: string | undefined;
  let name: string | undefined;
  for (const line of text.split('\n')) {
    const key = /^( *)"((?:[^"\\]|\\.)*)": [{[]/.exec(line);
    const indent = key?.[1]?.length;
    if (key && indent === 2) [section, type, name] = [key[2], undefined, undefined];
    else if (key && indent === 4) [type, name] = [key[2], undefined];
    else if (key && indent === 6) name = key[2];
    else if (/^ {0,2}[}\]]/.test(line)) [section, type, name] = [undefined, undefined, undefined];
    owners.push(section === 'resource' && type && name ? `${type}.${name}` : undefined);
  }
  return (line) => owners[line];
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
