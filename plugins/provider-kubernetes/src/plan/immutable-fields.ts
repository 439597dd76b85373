/**
 * Changes Kubernetes cannot make in place: the server's dry run refuses them with a 422 whose
 * causes name the field ("field is immutable", "may not change once set", "updates to
 * statefulset spec for fields other than ... are forbidden"). Such a change is a replacement.
 */
import type { KubeApiError } from '../client/api-error.js';

const IMMUTABLE =
  /immutable|may not change once set|may not be changed|cannot be changed|updates to .* (?:are )?forbidden|may not change fields other than/i;

/**
 * The reason to replace, naming the fields, when every cause of a 422 is an immutable field;
 * undefined when the request was refused for anything else (an invalid value is an error to show).
 */
export function replaceReasonOf(error: KubeApiError): string | undefined {
  if (error.status !== 422) return undefined;
  const causes = error.causes.length
    ? error.causes
    : [{ message: error.message, field: undefined }];
  if (!causes.every((cause) => IMMUTABLE.test(cause.message ?? ''))) return undefined;
  const fields = [
    ...new Set(
      causes.map((cause) => cause.field).filter((field) => field !== undefined && field !== ''),
    ),
  ];
  return fields.length
    ? `${fields.join(', ')} cannot change in place: the object is deleted and created again`
    : `a field that cannot change in place changed (${error.message}): the object is deleted and created again`;
}
