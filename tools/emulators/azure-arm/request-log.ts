/** Every request the emulator answered (control requests aside), for tests to assert on. */
export interface RequestLogEntry {
  readonly time: string;
  readonly method: string;
  /** The path as sent, without the query. */
  readonly path: string;
  readonly apiVersion: string | undefined;
  readonly status: number;
  readonly requestId: string;
  /** The answer's protocol headers: `location`, `azure-asyncoperation`, `retry-after`, `www-authenticate`. */
  readonly headers: Readonly<Record<string, string>>;
}

const LOGGED_HEADERS = ['location', 'azure-asyncoperation', 'retry-after', 'www-authenticate'];

export function logEntry(
  request: {
    readonly method: string;
    readonly path: string;
    readonly query: URLSearchParams;
    readonly requestId: string;
  },
  status: number,
  headers: Readonly<Record<string, string>>,
): RequestLogEntry {
  const kept: Record<string, string> = {};
  for (const [name, value] of Object.entries(headers)) {
    if (LOGGED_HEADERS.includes(name.toLowerCase())) kept[name.toLowerCase()] = value;
  }
  return {
    time: new Date().toISOString(),
    method: request.method,
    path: request.path,
    apiVersion: request.query.get('api-version') ?? undefined,
    status,
    requestId: request.requestId,
    headers: kept,
  };
}
