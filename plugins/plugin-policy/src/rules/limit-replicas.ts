/** `limit-replicas`: replica counts over a limit, per workspace. */
import type { Attributes } from '@kusion/sdk';
import { properties, record } from './attributes.js';

/** The replicas a resource asks for: Kubernetes `spec.replicas`, ECS `DesiredCount`, an ASG's `MaxSize`, or `replicas`. */
export function replicasOf(attributes: Attributes): number | undefined {
  const props = properties(attributes);
  for (const value of [
    record(attributes.spec).replicas,
    props.DesiredCount,
    props.MaxSize,
    attributes.replicas,
  ]) {
    const count = typeof value === 'string' && /^\d+$/.test(value) ? Number(value) : value;
    if (typeof count === 'number') return count;
  }
  return undefined;
}

/** The limit in a workspace; undefined when none applies there. */
export function limitIn(
  max: number | Readonly<Record<string, number>>,
  workspace: string,
): number | undefined {
  return typeof max === 'number' ? max : (max[workspace] ?? max['*']);
}
