/** A LabelSelector object (`matchLabels`, `matchExpressions`) as the query string the API takes. */
import { arrayAt, isJsonObject, objectAt } from '../manifest/json-object.js';

export function labelSelectorString(selector: unknown): string | undefined {
  const parts: string[] = [];
  for (const [key, value] of Object.entries(objectAt(selector, 'matchLabels') ?? {})) {
    if (typeof value === 'string') parts.push(`${key}=${value}`);
  }
  for (const expression of arrayAt(selector, 'matchExpressions')) {
    if (!isJsonObject(expression) || typeof expression['key'] !== 'string') continue;
    const key = expression['key'];
    const values = arrayAt(expression, 'values')
      .filter((v) => typeof v === 'string')
      .join(',');
    switch (expression['operator']) {
      case 'In':
        parts.push(`${key} in (${values})`);
        break;
      case 'NotIn':
        parts.push(`${key} notin (${values})`);
        break;
      case 'Exists':
        parts.push(key);
        break;
      case 'DoesNotExist':
        parts.push(`!${key}`);
        break;
      default:
        break;
    }
  }
  // An empty selector would select every Pod of the namespace: not what a rollout is about.
  return parts.length ? parts.join(',') : undefined;
}
