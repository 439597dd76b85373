/**
 * Secrets never go into the template: ARM keeps every deployment's template, and anyone who may
 * read the resource group can export it. Each literal value under a sensitive path (the
 * resource's `extensions.sensitivePaths`, which the engine extends with every `ref://` site)
 * becomes a `secureString` parameter (`secureObject` for any other type) referenced at its path
 * as `[parameters('p_<hash>')]`; its value travels in the deployment's `properties.parameters`,
 * which ARM neither echoes (GET deployment) nor exports.
 *
 * The parameter's name hashes the resource id and the path, never the value: the template of an
 * unchanged Spec stays the same, and it tells nothing about the secret.
 */
import { createHash } from 'node:crypto';
import {
  createFieldMatcher,
  declaredSensitivePaths,
  formatAttributePath,
  isKusionPath,
  transformSensitive,
} from '@kusion/sdk';
import type { Attributes, Resource } from '@kusion/sdk';
import { isArmExpression, isPlainValue, isRecord } from './azure-resource.js';

export interface ParameterDeclaration {
  readonly type: 'secureString' | 'secureObject';
}

/** The deployment's parameters: the template declares them, the request carries their values. */
export interface SecureParameters {
  readonly declarations: Readonly<Record<string, ParameterDeclaration>>;
  readonly values: Readonly<Record<string, { readonly value: unknown }>>;
}

/** One secret value of a resource, at its concrete path. */
export interface SecretSite {
  readonly path: string;
  readonly value: unknown;
}

/** Collects the parameters of one template while its resources are secured. */
export interface ParameterCollector {
  /** The resource with each secret replaced by a parameter reference. */
  secure(resource: Resource): Resource;
  readonly parameters: SecureParameters;
}

export function createParameterCollector(): ParameterCollector {
  const declarations: Record<string, ParameterDeclaration> = {};
  const values: Record<string, { value: unknown }> = {};
  return {
    parameters: { declarations, values },
    secure(resource) {
      const matcher = createFieldMatcher(declaredSensitivePaths(resource));
      if (matcher.isEmpty) return resource;
      const attributes = transformSensitive(resource.attributes, matcher, (value, path) =>
        parameterize(value, [...path], (at, secret) => {
          const name = parameterName(resource.id, formatAttributePath(at));
          if (typeof secret === 'string') {
            declarations[name] = { type: 'secureString' };
            values[name] = { value: secret };
            return `[parameters('${name}')]`;
          }
          declarations[name] = { type: 'secureObject' };
          // A secureObject must be an object: other types ride wrapped and are read back out.
          if (isRecord(secret)) {
            values[name] = { value: secret };
            return `[parameters('${name}')]`;
          }
          values[name] = { value: { value: secret } };
          return `[parameters('${name}').value]`;
        }),
      ) as Attributes;
      return { ...resource, attributes };
    },
  };
}

/** `p_` and 16 hex digits of the id and path: stable across runs, independent of the value. */
export function parameterName(resourceId: string, path: string): string {
  return `p_${createHash('sha256').update(`${resourceId}\0${path}`).digest('hex').slice(0, 16)}`;
}

/** Every secret value of a resource (literal values under its sensitive paths), path first. */
export function secretSitesOf(resource: Pick<Resource, 'attributes' | 'extensions'>): SecretSite[] {
  const matcher = createFieldMatcher(declaredSensitivePaths(resource));
  const sites: SecretSite[] = [];
  if (matcher.isEmpty) return sites;
  transformSensitive(resource.attributes, matcher, (value, path) =>
    parameterize(value, [...path], (at, secret) => {
      sites.push({ path: formatAttributePath(at), value: secret });
      return secret;
    }),
  );
  return sites.sort((left, right) => left.path.localeCompare(right.path));
}

/**
 * Hands each literal part of a sensitive value to `replace`: the whole value when it holds no
 * reference or expression, else its literal parts one by one (ARM evaluates no expression inside
 * a parameter's value, so those stay in the template, where they reveal nothing secret).
 */
function parameterize(
  value: unknown,
  path: (string | number)[],
  replace: (path: readonly (string | number)[], secret: unknown) => unknown,
): unknown {
  if (value === undefined || value === null) return value;
  if (isPlainValue(value)) return replace(path, value);
  if (isKusionPath(value) || isArmExpression(value)) return value;
  if (Array.isArray(value))
    return value.map((item: unknown, index) => parameterize(item, [...path, index], replace));
  if (isRecord(value))
    return Object.fromEntries(
      Object.entries(value).map(([key, item]) => [
        key,
        parameterize(item, [...path, key], replace),
      ]),
    );
  return value;
}
