/**
 * Attribute values as Terraform's JSON syntax reads them. Every string there is a template, so
 * literal `${` and `%{` are escaped; a `$kusion_path.<id>.<path>` reference to another Terraform
 * resource of the stack becomes the Terraform reference `${<type>.<name>.<path>}` (a dependency
 * Terraform sees); a value known only after apply (a reference to another provider's resource
 * that does not exist yet) becomes an expression Terraform plans as unknown.
 */
import {
  formatAttributePath,
  isKusionPath,
  KUSION_PATH_PREFIX,
  parseAttributePath,
} from '@kusion/sdk';
import type { AttributePath } from '@kusion/sdk';
import { TerraformError } from '../errors.js';

/**
 * Terraform plans `timestamp()` as "known after apply", whatever the attribute's type; apply
 * never sees it, since every reference is resolved by then.
 */
export const UNKNOWN_UNTIL_APPLY = '${timestamp()}';

export interface RewriteContext {
  /** Terraform address of each resource of the module, by Kusion id. */
  readonly addresses: ReadonlyMap<string, string>;
  readonly resourceId: string;
  /** Formatted attribute paths whose values are known only after apply. */
  readonly unknownPaths: ReadonlySet<string>;
}

/** A copy of `value` ready for `main.tf.json`. */
export function rewriteReferences(value: unknown, context: RewriteContext): unknown {
  const ids = [...context.addresses.keys()].sort((a, b) => b.length - a.length);
  const visit = (node: unknown, path: (string | number)[]): unknown => {
    if (typeof node === 'string') {
      if (context.unknownPaths.has(formatAttributePath(path))) return UNKNOWN_UNTIL_APPLY;
      if (!isKusionPath(node)) return escapeTemplates(node);
      const target = ids.find((id) => node.startsWith(`${KUSION_PATH_PREFIX}${id}.`));
      const address = target === undefined ? undefined : context.addresses.get(target);
      if (target === undefined || address === undefined) {
        throw new TerraformError(
          'TERRAFORM_RESOURCE_INVALID',
          `${context.resourceId}: ${formatAttributePath(path)} refers to "${node}", which is no Terraform resource of this stack and was not resolved`,
          {
            resourceId: context.resourceId,
            hint: 'check the id in the reference: it must name a resource of the Spec',
          },
        );
      }
      const targetPath = parseAttributePath(
        node.slice(KUSION_PATH_PREFIX.length + target.length + 1),
      );
      return `\${${referenceOf(address, targetPath)}}`;
    }
    if (Array.isArray(node)) return node.map((item, index) => visit(item, [...path, index]));
    if (typeof node === 'object' && node !== null) {
      return Object.fromEntries(
        Object.entries(node).map(([key, item]) => [key, visit(item, [...path, key])]),
      );
    }
    return node;
  };
  return visit(value, []);
}

/** `aws_db_instance.db` + `tags.Name` → `aws_db_instance.db.tags["Name"]`; digits index lists. */
export function referenceOf(address: string, path: AttributePath): string {
  let out = address;
  for (const segment of path) {
    const text = String(segment);
    if (/^\d+$/.test(text)) out += `[${text}]`;
    else if (/^[A-Za-z_][A-Za-z0-9_-]*$/.test(text)) out += `.${text}`;
    else out += `[${JSON.stringify(text)}]`;
  }
  return out;
}

/** Strings, deep, with `${` and `%{` escaped so Terraform takes them literally. */
export function escapeTemplates(value: unknown): unknown {
  // A function, not a replacement string: `$$` in one means a single `$`.
  if (typeof value === 'string')
    return value.replace(/([$%])\{/g, (_match, sign: string) => `${sign}${sign}{`);
  if (Array.isArray(value)) return value.map(escapeTemplates);
  if (typeof value === 'object' && value !== null) {
    return Object.fromEntries(
      Object.entries(value).map(([key, item]) => [key, escapeTemplates(item)]),
    );
  }
  return value;
}
