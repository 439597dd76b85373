/**
 * One HTTP exchange as the handlers see it: the request already read and parsed, the answer a
 * plain value the server writes. Keeps handlers free of Node's stream API and easy to test.
 */
import type { IncomingHttpHeaders } from 'node:http';
import type { JsonValue } from '../json-value.ts';

export interface ArmRequest {
  readonly method: string;
  /** The path with repeated slashes collapsed and no trailing slash, as sent (not lower-cased). */
  readonly path: string;
  /** The decoded path segments. */
  readonly segments: readonly string[];
  readonly query: URLSearchParams;
  readonly headers: IncomingHttpHeaders;
  /** The body parsed as JSON when it is JSON, else undefined. */
  readonly body: JsonValue | undefined;
  readonly rawBody: string;
  readonly requestId: string;
  readonly correlationId: string;
}

export interface ArmResponse {
  readonly status: number;
  readonly body?: JsonValue;
  readonly headers?: Readonly<Record<string, string>>;
}

export function json(
  status: number,
  body: JsonValue,
  headers?: Record<string, string>,
): ArmResponse {
  return headers === undefined ? { status, body } : { status, body, headers };
}

export function empty(status: number, headers?: Record<string, string>): ArmResponse {
  return headers === undefined ? { status } : { status, headers };
}

/** Case-insensitive comparison of path segments (ARM matches paths case-insensitively). */
export function isSegment(actual: string | undefined, expected: string): boolean {
  return actual !== undefined && actual.toLowerCase() === expected.toLowerCase();
}

export function headerOf(request: ArmRequest, name: string): string | undefined {
  const value = request.headers[name.toLowerCase()];
  return Array.isArray(value) ? value[0] : value;
}
