/**
 * What the interposer reads in, and changes about, templates on their way to moto:
 *
 * - `AWS::SSM::Parameter` `Tags` is a JSON map in CloudFormation (as AWS documents it); moto 5.2.1
 *   expects a list of `{Key, Value}` and fails the whole deployment with HTTP 500 on a map. Templates
 *   going to moto get the list form; templates coming back (GetTemplate) get the map form again.
 * - A resource tagged `interposer:fail` (value: the failure reason) fails to create or update, so
 *   tests can see a failed deployment and its rollback, which moto cannot produce.
 * - `AWS::SecretsManager::Secret`, which moto does not model, travels as a stand-in
 *   (`secret-stand-in.ts`).
 */

import { fromStandIns, toStandIns } from './secret-stand-in.ts';

export const FAIL_TAG = 'interposer:fail';

type Template = {
  Resources?: Record<
    string,
    { Type?: string; Properties?: Record<string, unknown>; [key: string]: unknown }
  >;
};

function parse(body: string): Template | undefined {
  try {
    const parsed = JSON.parse(body) as unknown;
    return typeof parsed === 'object' && parsed !== null ? parsed : undefined;
  } catch {
    return undefined; // YAML or invalid: passed through untouched
  }
}

function rewriteParameterTags(body: string, toList: boolean): string {
  const template = parse(body);
  let changed = false;
  for (const resource of Object.values(template?.Resources ?? {})) {
    const tags = resource.Properties?.['Tags'];
    if (resource.Type !== 'AWS::SSM::Parameter' || !resource.Properties || tags === undefined)
      continue;
    if (toList && typeof tags === 'object' && tags !== null && !Array.isArray(tags)) {
      resource.Properties['Tags'] = Object.entries(tags as Record<string, unknown>).map(
        ([Key, Value]) => ({ Key, Value }),
      );
      changed = true;
    } else if (!toList && Array.isArray(tags)) {
      resource.Properties['Tags'] = Object.fromEntries(
        (tags as { Key?: unknown; Value?: unknown }[]).map((tag) => [String(tag.Key), tag.Value]),
      );
      changed = true;
    }
  }
  return changed ? JSON.stringify(template) : body;
}

/** The template as moto can deploy it: secrets as their stand-ins, SSM tags as a list. */
export function toMotoTemplate(body: string, stackName: string): string {
  const template = parse(body);
  if (!template || !toStandIns(template, stackName)) return rewriteParameterTags(body, true);
  return rewriteParameterTags(JSON.stringify(template), true);
}

/** The template as CloudFormation documents it, as the client sent it. */
export function fromMotoTemplate(body: string): string {
  const template = parse(body);
  if (!template || !fromStandIns(template)) return rewriteParameterTags(body, false);
  return rewriteParameterTags(JSON.stringify(template), false);
}

/** A template body's JSON, or undefined for YAML or invalid bodies (left untouched). */
export function parseTemplate(body: string | undefined): Template | undefined {
  return body === undefined ? undefined : parse(body);
}

export interface TemplateResourceView {
  readonly logicalId: string;
  readonly type: string;
  readonly properties: Readonly<Record<string, unknown>>;
  /** The reason to fail with, when the resource carries the `interposer:fail` tag. */
  readonly failure: string | undefined;
  readonly deletionPolicy: string | undefined;
}

/** The resources of a template, in template order. */
export function resourcesOf(body: string | undefined): TemplateResourceView[] {
  const template = body === undefined ? undefined : parse(body);
  return Object.entries(template?.Resources ?? {}).map(([logicalId, resource]) => {
    const properties = resource.Properties ?? {};
    return {
      logicalId,
      type: resource.Type ?? '',
      properties,
      failure: failureOf(properties['Tags']),
      deletionPolicy:
        typeof (resource as { DeletionPolicy?: unknown }).DeletionPolicy === 'string'
          ? (resource as { DeletionPolicy: string }).DeletionPolicy
          : undefined,
    };
  });
}

/** Logical ids with every resource after those it references (Ref, Fn::GetAtt, DependsOn). */
export function dependencyOrder(body: string | undefined): string[] {
  const template = body === undefined ? undefined : parse(body);
  const resources = template?.Resources ?? {};
  const names = Object.keys(resources);
  const needs = new Map(names.map((name) => [name, referencesOf(resources[name], new Set(names))]));
  const ordered: string[] = [];
  const visit = (name: string, path: Set<string>): void => {
    if (ordered.includes(name) || path.has(name)) return;
    path.add(name);
    for (const dependency of needs.get(name) ?? []) visit(dependency, path);
    ordered.push(name);
  };
  for (const name of names) visit(name, new Set());
  return ordered;
}

function referencesOf(value: unknown, names: ReadonlySet<string>): Set<string> {
  const found = new Set<string>();
  const walk = (item: unknown): void => {
    if (Array.isArray(item)) {
      item.forEach(walk);
    } else if (typeof item === 'object' && item !== null) {
      for (const [key, inner] of Object.entries(item)) {
        if (key === 'Ref' && typeof inner === 'string' && names.has(inner)) found.add(inner);
        if (
          key === 'Fn::GetAtt' &&
          Array.isArray(inner) &&
          typeof inner[0] === 'string' &&
          names.has(inner[0])
        )
          found.add(inner[0]);
        if (key === 'DependsOn')
          for (const name of [inner].flat())
            if (typeof name === 'string' && names.has(name)) found.add(name);
        walk(inner);
      }
    }
  };
  walk(value);
  return found;
}

function failureOf(tags: unknown): string | undefined {
  if (Array.isArray(tags)) {
    const tag = (tags as { Key?: unknown; Value?: unknown }[]).find(
      (candidate) => candidate.Key === FAIL_TAG,
    );
    return tag === undefined ? undefined : String(tag.Value);
  }
  if (typeof tags === 'object' && tags !== null && FAIL_TAG in tags)
    return String((tags as Record<string, unknown>)[FAIL_TAG]);
  return undefined;
}
