/** `planDelete`: what deleting a recorded object means. Only a project's deletion needs saying. */
import type { PlanDeleteRequest, PlanDeleteResult } from '@kusion/sdk';
import { kindOf } from '../model/kinds.js';
import { warnProjectDeletion } from './project-deletion.js';

export async function planDeletion(request: PlanDeleteRequest): Promise<PlanDeleteResult> {
  if (kindOf(request.resource) !== 'Project') return {};
  return { reason: await warnProjectDeletion(request, request.resource.attributes) };
}
