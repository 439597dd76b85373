/**
 * The template as the user may see it (`kusion preview --detail`): pretty JSON, with the values
 * of each resource's `extensions.sensitivePaths` masked. Also the stack-level tags and the size
 * check CloudFormation would otherwise fail with a less helpful message.
 */
import {
  createFieldMatcher,
  declaredSensitivePaths,
  maskSensitive,
  ProviderError,
} from '@kusion/sdk';
import type { IoHost, ProviderContext, Resource } from '@kusion/sdk';
import { logicalIdOf } from '../model/logical-ids.js';
import { ownershipTags } from '../model/tagging.js';
import { MAX_TEMPLATE_BODY_BYTES } from '../model/template.js';
import type { StackTemplate } from '../model/template.js';

export async function showTemplate(
  io: IoHost,
  stackName: string,
  template: StackTemplate,
  resources: readonly Resource[],
): Promise<void> {
  const masked = structuredClone(template) as unknown as {
    Resources: Record<string, Record<string, unknown>>;
  };
  for (const resource of resources) {
    const logicalId = logicalIdOf(resource.id);
    const target = masked.Resources[logicalId];
    const matcher = createFieldMatcher(declaredSensitivePaths(resource));
    if (target && !matcher.isEmpty)
      masked.Resources[logicalId] = maskSensitive(target, matcher) as Record<string, unknown>;
  }
  await io.notify({
    level: 'info',
    code: 'PROVIDER_DETAIL',
    message: `CloudFormation template of stack ${stackName}`,
    data: {
      title: `CloudFormation template of stack ${stackName}`,
      text: JSON.stringify(masked, null, 2),
    },
  });
}

/** Stack-level tags (CloudFormation also propagates them to resources it can tag). */
export function stackTags(context: ProviderContext): readonly (readonly [string, string])[] {
  return ownershipTags(context);
}

export function checkTemplateSize(body: string, stackName: string): void {
  const bytes = Buffer.byteLength(body);
  if (bytes > MAX_TEMPLATE_BODY_BYTES) {
    throw new ProviderError(
      `the template of stack ${stackName} is ${bytes} bytes; CloudFormation accepts at most ${MAX_TEMPLATE_BODY_BYTES} bytes inline`,
      {
        hint: 'split the resources over several stacks (workspaces or projects); uploading templates to S3 is not supported yet',
      },
    );
  }
}
