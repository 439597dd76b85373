/**
 * `import`: describes an existing object so it can be adopted, from an id whose last part names it
 * the way GCP does — `gcp:Project:<project id>`, `gcp:Folder:folders/<n>`,
 * `gcp:TagKey:<org or project>/<key>` (or `tagKeys/<n>`), `gcp:TagValue:<org>/<key>/<value>`
 * (or `tagValues/<n>`), `gcp:Lien:liens/<id>`. Tag bindings and IAM members have no name of their
 * own: write them in the Spec and the plan adopts them.
 */
import type { Attributes, ImportRequest, ImportResult } from '@kusion/sdk';
import { ProviderError } from '@kusion/sdk';
import { toProviderError } from '../client/provider-errors.js';
import { handlerOf } from '../kinds/handlers.js';
import type { KindContext } from '../kinds/kind-handler.js';
import { GCP_KINDS, GCP_TYPE, isGcpKind, parseGcpId } from '../model/kinds.js';
import type { GcpKind } from '../model/kinds.js';
import type { RunContext } from '../run-context.js';

/** Fields the server assigns that a Spec does not write (a folder keeps `name`: it selects the folder). */
const OUTPUTS: Readonly<Partial<Record<GcpKind, readonly string[]>>> = {
  Project: ['name'],
  TagKey: ['namespacedName'],
  TagValue: ['namespacedName'],
  Lien: ['name'],
};

export async function importResource(
  run: RunContext,
  request: ImportRequest,
): Promise<ImportResult | undefined> {
  const parsed = parseGcpId(request.id);
  if (!parsed || !isGcpKind(parsed.kind))
    throw new ProviderError(`cannot import "${request.id}": the id must be "gcp:<Kind>:<name>"`, {
      resourceId: request.id,
      hint: `kinds: ${GCP_KINDS.join(', ')}`,
    });
  const kind = parsed.kind;
  const context: KindContext = { run, signal: request.signal, resourceId: request.id };
  try {
    const identity = await identityOf(kind, parsed.name, context);
    const found = identity && (await handlerOf(kind).lookup(identity, context));
    if (!found || found.isDeleting) return undefined;
    const attributes: Record<string, unknown> = { ...found.live };
    for (const output of OUTPUTS[kind] ?? []) Reflect.deleteProperty(attributes, output);
    return { resource: { id: request.id, type: GCP_TYPE, attributes }, live: found.live };
  } catch (error) {
    throw toProviderError(error, { resourceId: request.id, doing: `importing ${request.id}` });
  }
}

/** What names the object; undefined when a namespaced name names nothing. */
async function identityOf(
  kind: GcpKind,
  name: string,
  context: KindContext,
): Promise<Attributes | undefined> {
  const { names } = context.run;
  switch (kind) {
    case 'Project':
      return { projectId: name.replace(/^projects\//, '') };
    case 'Folder':
    case 'Lien':
      return { name };
    case 'TagKey': {
      const resolved = await names.tagKey(name, context.signal);
      return resolved.startsWith('tagKeys/') ? { name: resolved } : undefined;
    }
    case 'TagValue': {
      const resolved = await names.tagValue(name, context.signal);
      return resolved.startsWith('tagValues/') ? { name: resolved } : undefined;
    }
    case 'TagBinding':
    case 'IamPolicyMember':
      throw new ProviderError(`a ${kind} has no name of its own to import it by`, {
        resourceId: context.resourceId,
        hint: `write it in the Spec: a ${kind} that already exists is adopted by the next deploy`,
      });
  }
}
