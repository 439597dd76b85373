/**
 * Kusion's Kubernetes resource ids, `apiVersion:Kind:namespace:name` (namespace omitted for
 * cluster-scoped objects), and the check that an id and its manifest agree.
 */
import { kubernetesResourceId } from '@kusion/sdk';
import type { Diagnostic, Resource } from '@kusion/sdk';
import { isJsonObject, stringAt } from './json-object.js';
import { isKnownClusterScoped } from './well-known-kinds.js';

/** The id Kusion gives a manifest. */
export function resourceIdOf(manifest: {
  readonly apiVersion: string;
  readonly kind: string;
  readonly namespace?: string | undefined;
  readonly name: string;
}): string {
  const metadata = { name: manifest.name, namespace: manifest.namespace };
  return kubernetesResourceId({ apiVersion: manifest.apiVersion, kind: manifest.kind, metadata });
}

/** Every problem with one Kubernetes resource: a malformed manifest, or an id that disagrees. */
export function validateResource(resource: Resource): Diagnostic[] {
  const problems = manifestProblems(resource);
  if (problems.length) return problems.map((message) => diagnostic(resource, message));
  return [...idProblems(resource), ...gvkProblems(resource)].map((message) =>
    diagnostic(resource, message),
  );
}

function diagnostic(resource: Resource, message: string): Diagnostic {
  return { message: `resource "${resource.id}": ${message}` };
}

function manifestProblems(resource: Resource): string[] {
  const { attributes } = resource;
  const problems: string[] = [];
  for (const field of ['apiVersion', 'kind'] as const) {
    const value = attributes[field];
    if (typeof value !== 'string' || value === '') {
      problems.push(`attributes.${field} must be a non-empty string, received ${show(value)}`);
    }
  }
  if (!isJsonObject(attributes['metadata'])) {
    problems.push(
      `attributes.metadata must be an object with a name, received ${show(attributes['metadata'])}`,
    );
    return problems;
  }
  const name = attributes['metadata']['name'];
  if (typeof name !== 'string' || name === '') {
    problems.push(`attributes.metadata.name must be a non-empty string, received ${show(name)}`);
  }
  const namespace = attributes['metadata']['namespace'];
  if (namespace !== undefined && typeof namespace !== 'string') {
    problems.push(`attributes.metadata.namespace must be a string, received ${show(namespace)}`);
  }
  return problems;
}

/** Compares the id part by part, so the message names the part that differs. */
function idProblems(resource: Resource): string[] {
  const apiVersion = stringAt(resource.attributes, 'apiVersion') ?? '';
  const kind = stringAt(resource.attributes, 'kind') ?? '';
  const name = stringAt(resource.attributes, 'metadata', 'name') ?? '';
  const namespace = stringAt(resource.attributes, 'metadata', 'namespace') || undefined;
  const expected = resourceIdOf({ apiVersion, kind, namespace, name });
  const problems: string[] = [];
  if (namespace && isKnownClusterScoped(apiVersion, kind)) {
    problems.push(
      `${kind} is cluster-scoped: remove metadata.namespace ("${namespace}") and the namespace part of the id`,
    );
  }
  if (resource.id === expected) return problems;

  const [idApiVersion = '', idKind = '', ...rest] = resource.id.split(':');
  const idRest = rest.join(':');
  if (rest.length === 0) {
    return [
      ...problems,
      `the id must be "apiVersion:Kind:namespace:name" or "apiVersion:Kind:name" (expected "${expected}")`,
    ];
  }
  if (idApiVersion !== apiVersion) problems.push(part('apiVersion', idApiVersion, apiVersion));
  if (idKind !== kind) problems.push(part('kind', idKind, kind));
  if (namespace) {
    // Namespaces cannot contain ":", names can (RBAC): the first part after the kind is the namespace.
    const [idNamespace = '', ...nameParts] = rest;
    const idName = nameParts.length ? nameParts.join(':') : idNamespace;
    if (nameParts.length === 0)
      problems.push(`the id has no namespace but metadata.namespace is "${namespace}"`);
    else if (idNamespace !== namespace) problems.push(part('namespace', idNamespace, namespace));
    if (idName !== name) problems.push(part('name', idName, name));
  } else if (idRest !== name) {
    problems.push(
      idRest.endsWith(`:${name}`)
        ? `the id names namespace "${idRest.slice(0, -name.length - 1)}" but the manifest has no metadata.namespace`
        : part('name', idRest, name),
    );
  }
  if (problems.length === 0) problems.push(`the id must be "${expected}"`);
  return problems.map((problem) => `${problem} (expected id "${expected}")`);
}

function part(what: string, inId: string, inManifest: string): string {
  return `the id says ${what} "${inId}" but the manifest's ${what === 'name' || what === 'namespace' ? `metadata.${what}` : what} is "${inManifest}"`;
}

/** Kusion writes `extensions.GVK` as `apps/v1, Kind=Deployment` (`/v1, Kind=Namespace` for core). */
function gvkProblems(resource: Resource): string[] {
  const gvk = resource.extensions?.['GVK'];
  if (gvk === undefined) return [];
  const match = typeof gvk === 'string' ? /^\/?(.+), Kind=(.+)$/.exec(gvk) : null;
  if (typeof gvk !== 'string' || !match)
    return [`extensions.GVK must look like "apps/v1, Kind=Deployment", received ${show(gvk)}`];
  const apiVersion = stringAt(resource.attributes, 'apiVersion');
  const kind = stringAt(resource.attributes, 'kind');
  if (match[1] === apiVersion && match[2] === kind) return [];
  return [
    `extensions.GVK "${gvk}" does not match the manifest's apiVersion "${apiVersion ?? ''}" and kind "${kind ?? ''}"`,
  ];
}

function show(value: unknown): string {
  if (value === undefined) return 'nothing';
  return JSON.stringify(value);
}
