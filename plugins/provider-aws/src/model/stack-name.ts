/**
 * One CloudFormation stack per project + stack + workspace: `kusion-<project>-<stack>-<workspace>`,
 * made a valid stack name (a letter, then letters, digits and hyphens, at most 128 characters).
 * `providers.aws.stackName` overrides it.
 */
import { createHash } from 'node:crypto';
import type { ProviderContext } from '@kusion/sdk';

const MAX_STACK_NAME = 128;

export function deriveStackName(context: ProviderContext): string {
  const raw = `kusion-${context.project}-${context.stack}-${context.workspace}`;
  let name = raw
    .replace(/[^A-Za-z0-9-]+/g, '-')
    .replace(/-{2,}/g, '-')
    .replace(/-+$/, '');
  if (name.length > MAX_STACK_NAME) {
    const suffix = createHash('sha256').update(raw).digest('hex').slice(0, 10);
    name = `${name.slice(0, MAX_STACK_NAME - suffix.length - 1)}-${suffix}`;
  }
  return name;
}
