/**
 * Preflight: before a deployment (or validate, or what-if) is accepted, each resource whose body
 * can be evaluated now is checked by its resource type, as ARM asks resource providers to. Errors
 * are answered together as `InvalidTemplateDeployment` with one detail per resource.
 */
import { randomUUID } from 'node:crypto';
import type { EmulatorContext } from '../emulator-context.ts';
import { ArmError } from '../http/arm-error.ts';
import type { ArmErrorDetail } from '../http/arm-error.ts';
import { findResource, materialize, viewResource } from '../resources/resource-engine.ts';
import { resourceKey } from '../resources/resource-id.ts';
import { UnknownValue } from '../template/template-evaluator.ts';
import type { PreparedTemplate, ReferenceResolver } from '../template/template-evaluator.ts';

/** `reference()` for checks made before deploying: resources not there yet are unknown. */
export function currentStateResolver(context: EmulatorContext): ReferenceResolver {
  return ({ id, apiVersion, isFull }) => {
    const stored = findResource(context.state, id);
    if (stored === undefined) throw new UnknownValue();
    const view = viewResource(context.state, stored);
    return isFull ? { ...view, apiVersion } : (view['properties'] ?? {});
  };
}

export function preflight(
  context: EmulatorContext,
  template: PreparedTemplate,
  deploymentName: string,
): void {
  const details: ArmErrorDetail[] = [];
  for (const resource of template.resources) {
    if (!resource.isEnabled) continue;
    try {
      const body = template.body(resource, currentStateResolver(context));
      const existing = context.state.resources.get(resourceKey(resource.id));
      materialize(
        context.state,
        resource.id,
        resource.definition,
        resource.apiVersion,
        body,
        existing,
      );
    } catch (error) {
      if (error instanceof UnknownValue) continue;
      if (!(error instanceof ArmError)) throw error;
      if (error.code === 'InvalidTemplate') throw error;
      details.push({ code: error.code, message: error.message, target: resource.resourceId });
    }
  }
  if (details.length > 0)
    throw new ArmError(
      400,
      'InvalidTemplateDeployment',
      `The template deployment '${deploymentName}' is not valid according to the validation procedure. The tracking id is '${randomUUID()}'. See inner errors for details.`,
      { details },
    );
}
