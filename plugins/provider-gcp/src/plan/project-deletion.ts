/**
 * Deleting a GCP project takes everything in it (its services, data and billing) with it: the
 * project is shut down at once and purged after 30 days. Whenever a plan would delete one — it
 * was removed from the Spec, the stack is destroyed, or its id changed — the user is told loudly,
 * as a warning and in the plan's reason, before confirming.
 */
import type { Attributes, RequestBase } from '@kusion/sdk';
import { stringAt } from '../model/attributes.js';

/** Warns that a project will be deleted; answers the sentence for the plan's reason. */
export async function warnProjectDeletion(
  request: RequestBase & { readonly resource: { readonly id: string } },
  recorded: Attributes,
): Promise<string> {
  const projectId = stringAt(recorded, 'projectId') ?? request.resource.id;
  const name = stringAt(recorded, 'name');
  const consequence = `DELETES the GCP project "${projectId}"${name ? ` (${name})` : ''} with everything in it: it is shut down at once and purged after 30 days unless undeleted (\`gcloud projects undelete ${projectId}\`)`;
  await request.io.notify({
    level: 'warn',
    code: 'PROVIDER_NOTICE',
    message: `${request.resource.id}: this plan ${consequence}`,
    data: { provider: 'gcp', resourceId: request.resource.id },
  });
  return consequence;
}
