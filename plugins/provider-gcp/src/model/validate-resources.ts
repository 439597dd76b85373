/**
 * `validate`: every problem of every GCP resource, found before anything is planned and reported
 * together, each naming the resource, the attribute, what was received and what is expected.
 */
import type { Diagnostic, Resource } from '@kusion/sdk';
import { distance } from 'fastest-levenshtein';
import { handlerOf } from '../kinds/handlers.js';
import type { GcpSettings } from '../settings.js';
import { projectId as projectIdCheck, PROJECT_ID_RULE } from './fields.js';
import { GCP_KINDS, GCP_TYPE, idName, isGcpKind, parseGcpId } from './kinds.js';

export interface ValidationContext {
  readonly settings: GcpSettings;
  /** Whether liens can be reached (a REST endpoint is known). */
  readonly hasRestEndpoint: boolean;
}

export function validateResources(
  resources: readonly Resource[],
  context: ValidationContext,
): Diagnostic[] {
  const diagnostics: Diagnostic[] = [];
  const projectIds = new Map<string, string>();
  for (const resource of resources) {
    if (resource.type !== GCP_TYPE) continue;
    for (const message of problemsOf(resource, context))
      diagnostics.push({ message: `resource "${resource.id}": ${message}` });
    const kind = resource.attributes['kind'] ?? parseGcpId(resource.id)?.kind;
    if (kind !== 'Project') continue;
    const projectId = resource.attributes['projectId'] ?? idName(resource.id);
    if (typeof projectId !== 'string') continue;
    const other = projectIds.get(projectId);
    if (other)
      diagnostics.push({
        message: `resource "${resource.id}": project id "${projectId}" is also the id of "${other}": one project, one resource`,
      });
    else projectIds.set(projectId, resource.id);
  }
  return diagnostics;
}

function problemsOf(resource: Resource, context: ValidationContext): string[] {
  const { attributes } = resource;
  const fromId = parseGcpId(resource.id)?.kind;
  const declared = attributes['kind'];
  if (declared !== undefined && !isGcpKind(declared))
    return [`attributes.kind is ${show(declared)}: expected one of ${GCP_KINDS.join(', ')}`];
  if (declared !== undefined && fromId !== undefined && declared !== fromId)
    return [`the id says kind "${fromId}" but attributes.kind is "${declared}": make them agree`];
  const kind = declared ?? fromId;
  if (!isGcpKind(kind))
    return [
      `cannot tell the kind: write the id as "gcp:<Kind>:<name>" or set attributes.kind (one of ${GCP_KINDS.join(', ')})${fromId === undefined ? '' : `; "${fromId}" is not one`}`,
    ];
  const handler = handlerOf(kind);
  const problems: string[] = [];
  const known = ['kind', ...Object.keys(handler.fields)];
  for (const [field, value] of Object.entries(attributes)) {
    if (field === 'kind') continue;
    const spec = handler.fields[field];
    if (!spec) {
      problems.push(
        `unknown attribute "${field}" for a ${kind}${suggestion(field, known)}; allowed: ${known.join(', ')}`,
      );
      continue;
    }
    const expected = spec.check(value);
    if (expected) problems.push(`attributes.${field} must be ${expected}, received ${show(value)}`);
  }
  for (const [field, spec] of Object.entries(handler.fields)) {
    if (spec.isRequired && attributes[field] === undefined)
      problems.push(`attributes.${field} is required: ${spec.description}`);
  }
  problems.push(...(handler.validate?.(attributes, context.settings) ?? []));
  if (kind === 'Project' && attributes['projectId'] === undefined) {
    const fromName = idName(resource.id);
    if (fromName === undefined || projectIdCheck(fromName))
      problems.push(
        `the project id comes from the id's last part ${show(fromName)}, which is not a project id (${PROJECT_ID_RULE}): set attributes.projectId`,
      );
  }
  if (kind === 'Lien' && !context.hasRestEndpoint)
    problems.push(
      'liens go through the REST API, and providers.gcp has a loopback endpoint without restEndpoint: set providers.gcp.restEndpoint',
    );
  return problems;
}

/** ` (did you mean "displayName"?)` for a field that differs only in case or by a typo or two. */
function suggestion(field: string, known: readonly string[]): string {
  const near = known.find(
    (candidate) =>
      candidate.toLowerCase() === field.toLowerCase() || distance(candidate, field) <= 2,
  );
  return near ? ` (did you mean "${near}"?)` : '';
}

function show(value: unknown): string {
  if (value === undefined) return 'nothing';
  return JSON.stringify(value);
}
