/**
 * The template deployments of one project + stack + workspace are named after the stack:
 * `kusion-<project>-<stack>-<workspace>`, made a valid deployment name (letters, digits, `-._()`,
 * at most 64 characters; a hash keeps long names unique). `providers.azure.deploymentName`
 * overrides it. There is one deployment per resource group, all with this name.
 */
import { createHash } from 'node:crypto';
import type { ProviderContext } from '@kusion/sdk';

const MAX_NAME = 64;

export function deriveDeploymentName(context: ProviderContext): string {
  const raw = `kusion-${context.project}-${context.stack}-${context.workspace}`;
  let name = raw.replace(/[^-\w.()]+/g, '-').replace(/-{2,}/g, '-');
  if (name.length > MAX_NAME) {
    const suffix = createHash('sha256').update(raw).digest('hex').slice(0, 10);
    name = `${name.slice(0, MAX_NAME - suffix.length - 1)}-${suffix}`;
  }
  return name;
}
