/**
 * A failed Terraform command as a coded error that names the Kusion resources its diagnostics
 * point at (a configuration error in `aws_sqs_queue.orders` is reported for
 * `hashicorp:aws:aws_sqs_queue:orders`).
 */
import { TerraformError } from '../errors.js';
import { describeDiagnostic } from './diagnostics.js';
import type { TerraformDiagnostic } from './diagnostics.js';
import { failureText } from './workdir.js';
import type { CommandResult } from './workdir.js';

export interface AddressBook {
  readonly desired: ReadonlyMap<string, string>;
  readonly recorded: ReadonlyMap<string, string>;
  readonly module?: { readonly outputs: ReadonlyMap<string, { readonly id: string }> };
  /** The resource block a line of `main.tf.json` belongs to. */
  readonly addressAtLine?: (line: number) => string | undefined;
}

/** The Kusion id a diagnostic is about, if any. */
export function idOfDiagnostic(
  diagnostic: TerraformDiagnostic,
  book: AddressBook,
): string | undefined {
  const { range } = diagnostic;
  const address =
    diagnostic.address ??
    (range?.filename === 'main.tf.json' ? book.addressAtLine?.(range.line) : undefined);
  if (address === undefined) return undefined;
  if (address.startsWith('output.')) return book.module?.outputs.get(address.slice(7))?.id;
  return book.desired.get(address) ?? book.recorded.get(address);
}

/** Each error diagnostic, prefixed with the Kusion id it is about. */
export function describeFailure(result: CommandResult, book: AddressBook): string {
  const errors = result.diagnostics.filter((d) => d.severity === 'error');
  if (!errors.length) return failureText(result);
  return errors
    .map((diagnostic) => {
      const id = idOfDiagnostic(diagnostic, book);
      return id === undefined
        ? describeDiagnostic(diagnostic)
        : `${id}: ${describeDiagnostic(diagnostic)}`;
    })
    .join('; ');
}

export function throwRunFailure(command: string, result: CommandResult, book: AddressBook): never {
  const first = result.diagnostics.find((d) => d.severity === 'error');
  const resourceId = first ? idOfDiagnostic(first, book) : undefined;
  throw new TerraformError(
    'TERRAFORM_FAILED',
    `terraform ${command} failed: ${describeFailure(result, book)}`,
    {
      resourceId,
      hint: resourceId
        ? `fix the attributes of ${resourceId} in the Spec (they are the arguments of Terraform's resource block)`
        : "read Terraform's message above; the generated module is the stack's Terraform resources as main.tf.json",
    },
  );
}
