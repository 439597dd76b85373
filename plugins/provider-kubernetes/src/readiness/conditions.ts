/** Status conditions (`status.conditions[]`), as every kind with conditions writes them. */
import { arrayAt, isJsonObject } from '../manifest/json-object.js';

export interface Condition {
  readonly type: string;
  readonly status: string;
  readonly reason?: string | undefined;
  readonly message?: string | undefined;
}

export function conditionOf(object: unknown, type: string): Condition | undefined {
  for (const entry of arrayAt(object, 'status', 'conditions')) {
    if (isJsonObject(entry) && entry['type'] === type) {
      return {
        type,
        status: String(entry['status']),
        reason: typeof entry['reason'] === 'string' ? entry['reason'] : undefined,
        message: typeof entry['message'] === 'string' ? entry['message'] : undefined,
      };
    }
  }
  return undefined;
}

/** `reason: message`, or whichever of them is there. */
export function explain(condition: Condition): string {
  return (
    [condition.reason, condition.message].filter(Boolean).join(': ') ||
    `${condition.type}=${condition.status}`
  );
}
