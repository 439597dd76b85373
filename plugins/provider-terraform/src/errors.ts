/**
 * The errors of this provider. Each has a code a user can search for, says what was received and
 * how to fix it; those that come from one resource name it (`resourceId`).
 */
import { KusionError } from '@kusion/sdk';
import type { KusionErrorOptions } from '@kusion/sdk';

export type TerraformErrorCode =
  /** No `terraform` binary where the settings or PATH say. */
  | 'TERRAFORM_NOT_FOUND'
  /** A provider plugin a resource needs is in no filesystem mirror (nothing is ever downloaded). */
  | 'TERRAFORM_PROVIDER_MISSING'
  /** A resource cannot become Terraform configuration (bad id, extensions, reference). */
  | 'TERRAFORM_RESOURCE_INVALID'
  /** Terraform refused the generated configuration or failed to plan or apply. */
  | 'TERRAFORM_FAILED'
  /** The engine gave no sealer, so Terraform's state could not be kept safely. */
  | 'TERRAFORM_STATE_UNSEALED';

export class TerraformError extends KusionError {
  readonly resourceId: string | undefined;

  constructor(
    code: TerraformErrorCode,
    message: string,
    options: KusionErrorOptions & { readonly resourceId?: string | undefined } = {},
  ) {
    super(code, message, options);
    this.name = 'TerraformError';
    this.resourceId = options.resourceId;
  }
}
