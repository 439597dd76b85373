/**
 * A deployment's template made ready to deploy: every expression parsed and every function
 * checked up front (an unsupported one is `InvalidTemplate` naming it and where it is),
 * parameters resolved, resources and their dependencies worked out. Resource bodies and outputs
 * are evaluated later, when the deployment reaches them, with `reference()` answered by the caller.
 */
import { createHash } from 'node:crypto';
import { ArmError } from '../http/arm-error.ts';
import { isJsonObject, propertyOf } from '../json-value.ts';
import type { JsonObject, JsonValue } from '../json-value.ts';
import { formatResourceId, parseResourceId } from '../resources/resource-id.ts';
import type { ResourceId } from '../resources/resource-id.ts';
import { checkCall, evaluateExpression, ExpressionError } from './expression-functions.ts';
import type { FunctionScope } from './expression-functions.ts';
import { callsIn, ExpressionSyntaxError, parseTemplateString } from './expression-parser.ts';
import { invalidTemplate } from './template-errors.ts';
import { canonicalType, resolveParameters, typeProblem } from './template-parameters.ts';
import type { TemplateParameter } from './template-parameters.ts';
import { BODY_KEYS, findTemplateResource, readTemplateResources } from './template-resources.ts';
import type { TemplateResource } from './template-resources.ts';

export interface ReferenceRequest {
  readonly id: ResourceId;
  readonly resourceId: string;
  readonly apiVersion: string;
  readonly isFull: boolean;
  readonly templateResource: TemplateResource | undefined;
}

/** Answers `reference()`: the resource's properties, or its whole representation when full. */
export type ReferenceResolver = (request: ReferenceRequest) => JsonValue;

/** Thrown by a resolver for a value that cannot be known yet (what-if of a resource to create). */
export class UnknownValue extends Error {}

export interface TemplatePlace {
  readonly subscriptionId: string;
  readonly tenantId: string;
  /** As `resourceGroup()` returns it. */
  readonly resourceGroup: JsonObject & { readonly name: string; readonly location: string };
}

export interface PreparedTemplate {
  /** The template as the deployment gave it: what export answers (parameter values are not in it). */
  readonly source: JsonObject;
  readonly templateHash: string;
  readonly parameters: ReadonlyMap<string, TemplateParameter>;
  readonly resources: readonly TemplateResource[];
  /** The write body of a resource (location, tags, sku, kind, properties…), evaluated. */
  body(
    resource: TemplateResource,
    resolve: ReferenceResolver,
    options?: { readonly deferUnknown?: boolean },
  ): JsonObject;
  /** `{ name: { type, value } }` (secure outputs without value); throws `DeploymentOutputEvaluationFailed`. */
  outputs(resolve: ReferenceResolver): JsonObject;
  readonly hasOutputs: boolean;
}

const NOT_HERE: ReferenceResolver = () => {
  throw new ExpressionError("The template function 'reference' is not expected at this location.");
};

/** Parses every expression of the template, so syntax errors and unknown functions surface first. */
function checkExpressions(value: JsonValue, path: string): void {
  if (typeof value === 'string') {
    let parsed;
    try {
      parsed = parseTemplateString(value);
    } catch (error) {
      if (error instanceof ExpressionSyntaxError) throw invalidTemplate(error.message, path);
      throw error;
    }
    if (parsed.kind === 'text') return;
    for (const call of callsIn(parsed.expression)) {
      const problem = checkCall(call.name, call.args.length);
      if (problem !== null)
        throw invalidTemplate(
          `The template expression at '${path}' is not valid: ${problem}`,
          path,
        );
    }
  } else if (Array.isArray(value)) {
    value.forEach((item, index) => {
      checkExpressions(item, `${path}[${index}]`);
    });
  } else if (isJsonObject(value)) {
    for (const [key, item] of Object.entries(value)) checkExpressions(item, `${path}.${key}`);
  }
}

function templateHashOf(template: JsonObject): string {
  const digest = createHash('sha256').update(JSON.stringify(template)).digest();
  return digest.readBigUInt64BE(0).toString();
}

export function prepareTemplate(
  template: JsonValue | undefined,
  providedParameters: JsonValue | undefined,
  place: TemplatePlace,
): PreparedTemplate {
  if (!isJsonObject(template))
    throw new ArmError(
      400,
      'InvalidTemplate',
      "Deployment template validation failed: 'The template must be a JSON object given in properties.template (templateLink is not supported by the ARM emulator).'.",
    );
  if (propertyOf(template, 'functions') !== undefined)
    throw invalidTemplate(
      "The template uses 'functions' (user-defined functions), which the ARM emulator does not support.",
      'functions',
    );
  for (const key of ['parameters', 'variables', 'resources', 'outputs'])
    checkExpressions(propertyOf(template, key) ?? null, key);
  const provided = providedParameters ?? {};
  if (!isJsonObject(provided))
    throw invalidTemplate('The deployment parameters must be an object.');

  let resolveReference: ReferenceResolver = NOT_HERE;
  let resources: readonly TemplateResource[] = [];
  let parameters: ReadonlyMap<string, TemplateParameter> = new Map();
  const variables = propertyOf(template, 'variables') ?? {};
  const variableValues = new Map<string, JsonValue>();
  const evaluatingVariables = new Set<string>();

  const scope: FunctionScope = {
    parameter: (name) => {
      const parameter = parameters.get(name.toLowerCase());
      if (parameter === undefined)
        throw new ExpressionError(
          `The template parameter '${name}' is not found. Please see https://aka.ms/arm-syntax-parameters for usage details.`,
        );
      return parameter.value;
    },
    variable: (name) => {
      const key = name.toLowerCase();
      const known = variableValues.get(key);
      if (known !== undefined) return known;
      const declaredName = isJsonObject(variables)
        ? Object.keys(variables).find((candidate) => candidate.toLowerCase() === key)
        : undefined;
      if (declaredName === undefined || !isJsonObject(variables))
        throw new ExpressionError(
          `The template variable '${name}' is not found. Please see https://aka.ms/arm-syntax-variables for usage details.`,
        );
      if (evaluatingVariables.has(key))
        throw new ExpressionError(`The template variable '${name}' refers to itself.`);
      evaluatingVariables.add(key);
      const outer = resolveReference;
      resolveReference = NOT_HERE;
      try {
        const value = evaluate(variables[declaredName] ?? null, `variables.${declaredName}`, false);
        variableValues.set(key, value);
        return value;
      } finally {
        resolveReference = outer;
        evaluatingVariables.delete(key);
      }
    },
    resourceGroup: () => place.resourceGroup,
    subscription: () => ({
      id: `/subscriptions/${place.subscriptionId}`,
      subscriptionId: place.subscriptionId,
      tenantId: place.tenantId,
      displayName: 'ARM emulator subscription',
    }),
    currentSubscriptionId: () => place.subscriptionId,
    currentResourceGroup: () => place.resourceGroup.name,
    resourceId: (subscriptionId, resourceGroup, type, names) => {
      const [namespace = '', ...types] = type.split('/');
      return formatResourceId({ subscriptionId, resourceGroup, namespace, types, names });
    },
    reference: (target, apiVersion, isFull) => {
      const templateResource = findTemplateResource(resources, target);
      const id = target.startsWith('/') ? parseResourceId(target) : templateResource?.id;
      if (id === undefined)
        throw new ExpressionError(
          `The template reference '${target}' is not valid: could not find template resource or resource copy with this name. Please see https://aka.ms/arm-function-reference for usage details.`,
        );
      const version = apiVersion ?? templateResource?.apiVersion;
      if (version === undefined)
        throw new ExpressionError(
          `The template function 'reference' needs an api-version for '${target}', which this template does not deploy.`,
        );
      return resolveReference({
        id,
        resourceId: formatResourceId(id),
        apiVersion: version,
        isFull,
        templateResource,
      });
    },
  };

  function evaluate(value: JsonValue, path: string, deferUnknown: boolean): JsonValue {
    if (typeof value === 'string') {
      const parsed = parseTemplateString(value);
      if (parsed.kind === 'text') return parsed.value;
      try {
        return evaluateExpression(parsed.expression, scope);
      } catch (error) {
        if (error instanceof UnknownValue && deferUnknown) return value;
        if (error instanceof ExpressionError)
          throw invalidTemplate(
            `The template expression at '${path}' is not valid: ${error.message}`,
            path,
          );
        throw error;
      }
    }
    if (Array.isArray(value))
      return value.map((item, index) => evaluate(item, `${path}[${index}]`, deferUnknown));
    if (isJsonObject(value)) {
      const result: JsonObject = {};
      for (const [key, item] of Object.entries(value))
        result[key] = evaluate(item, `${path}.${key}`, deferUnknown);
      return result;
    }
    return value;
  }

  const evaluateStatic = (value: JsonValue, path: string): JsonValue => {
    resolveReference = NOT_HERE;
    return evaluate(value, path, false);
  };

  parameters = resolveParameters(template, provided, (value, path, resolved) => {
    parameters = resolved;
    return evaluateStatic(value, path);
  });
  resources = readTemplateResources(
    propertyOf(template, 'resources'),
    {
      subscriptionId: place.subscriptionId,
      resourceGroup: place.resourceGroup.name,
      location: place.resourceGroup.location,
    },
    evaluateStatic,
  );
  addImplicitDependencies(resources, scope);

  const outputs = propertyOf(template, 'outputs') ?? {};
  if (!isJsonObject(outputs))
    throw invalidTemplate("The template 'outputs' must be an object.", 'outputs');
  for (const [name, output] of Object.entries(outputs)) {
    if (!isJsonObject(output))
      throw invalidTemplate(`The template output '${name}' must be an object.`, `outputs.${name}`);
    canonicalType(propertyOf(output, 'type'), `outputs.${name}`);
    if (propertyOf(output, 'copy') !== undefined)
      throw invalidTemplate(
        `The template output '${name}' uses 'copy', which the ARM emulator does not support.`,
        `outputs.${name}.copy`,
      );
  }

  return {
    source: structuredClone(template),
    templateHash: templateHashOf(template),
    parameters,
    resources,
    hasOutputs: Object.keys(outputs).length > 0,
    body(resource, resolve, options = {}) {
      resolveReference = resolve;
      try {
        const body: JsonObject = {};
        for (const key of BODY_KEYS) {
          const value = propertyOf(resource.source, key);
          if (value !== undefined)
            body[key] = evaluate(value, `${resource.path}.${key}`, options.deferUnknown ?? false);
        }
        return body;
      } finally {
        resolveReference = NOT_HERE;
      }
    },
    outputs(resolve) {
      resolveReference = resolve;
      const result: JsonObject = {};
      const failures: { code: string; message: string; target: string }[] = [];
      try {
        for (const [name, output] of Object.entries(outputs)) {
          if (!isJsonObject(output)) continue;
          const type = canonicalType(propertyOf(output, 'type'), `outputs.${name}`);
          try {
            const value = evaluate(
              propertyOf(output, 'value') ?? null,
              `outputs.${name}.value`,
              false,
            );
            const problem = typeProblem(type, value);
            if (problem !== null)
              throw invalidTemplate(
                `The template output '${name}' is not valid: Template output JToken type is not valid. ${problem}`,
              );
            result[name] =
              type === 'SecureString' || type === 'SecureObject' ? { type } : { type, value };
          } catch (error) {
            if (!(error instanceof ArmError)) throw error;
            failures.push({ code: error.code, message: error.message, target: name });
          }
        }
      } finally {
        resolveReference = NOT_HERE;
      }
      if (failures.length > 0)
        throw new ArmError(
          400,
          'DeploymentOutputEvaluationFailed',
          `Unable to evaluate template outputs: '${failures.map(({ target }) => target).join(',')}'. Please see error details and deployment operations. Please see https://aka.ms/arm-common-errors for usage details.`,
          { details: failures },
        );
      return result;
    },
  };
}

/**
 * `reference('name')` of a resource the template deploys makes the referring resource wait for it,
 * as ARM does; `reference(resourceId(…))` does not (the template says so with `dependsOn`).
 */
function addImplicitDependencies(
  resources: readonly TemplateResource[],
  scope: FunctionScope,
): void {
  const staticScope: FunctionScope = {
    ...scope,
    reference: () => {
      throw new ExpressionError('runtime');
    },
  };
  const visit = (value: JsonValue, found: Set<number>): void => {
    if (typeof value === 'string') {
      const parsed = parseTemplateString(value);
      if (parsed.kind === 'text') return;
      for (const call of callsIn(parsed.expression)) {
        const first = call.args[0];
        if (call.name.toLowerCase() !== 'reference' || first === undefined) continue;
        let target: JsonValue;
        try {
          target = evaluateExpression(first, staticScope);
        } catch {
          continue;
        }
        if (typeof target !== 'string' || target.startsWith('/')) continue;
        const match = findTemplateResource(resources, target);
        if (match !== undefined) found.add(match.index);
      }
    } else if (Array.isArray(value)) {
      for (const item of value) visit(item, found);
    } else if (isJsonObject(value)) {
      for (const item of Object.values(value)) visit(item, found);
    }
  };
  for (const resource of resources) {
    const found = new Set(resource.dependsOn);
    for (const key of BODY_KEYS) visit(propertyOf(resource.source, key) ?? null, found);
    found.delete(resource.index);
    resource.dependsOn = [...found];
  }
}
