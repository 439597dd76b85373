/**
 * Every call the emulator receives, as received: the method, the decoded request message (gRPC,
 * with .proto field names) or JSON body (REST), the request metadata or query, and how it was
 * answered. Tests assert on it to pin down what the real client sends.
 */

export interface RecordedRequest {
  /** `Service.Method`, e.g. `Projects.CreateProject`, `Operations.GetOperation`, `Liens.CreateLien`. */
  readonly method: string;
  readonly transport: 'grpc' | 'rest';
  /** The request message (gRPC) or the JSON body merged with path and query parameters (REST). */
  readonly request: unknown;
  /** gRPC metadata (`x-goog-request-params`, `x-goog-api-client`...) or HTTP headers, as text. */
  readonly metadata: Readonly<Record<string, string>>;
  readonly time: string;
  /** `OK` or the status code name it was answered with, once answered. */
  readonly status?: string;
}

export class RequestLog {
  readonly #entries: RecordedRequest[] = [];

  get entries(): readonly RecordedRequest[] {
    return this.#entries;
  }

  /** Records a call; the returned function records its outcome. */
  record(entry: Omit<RecordedRequest, 'time' | 'status'>): (status: string) => void {
    const recorded: { -readonly [K in keyof RecordedRequest]: RecordedRequest[K] } = {
      ...entry,
      time: new Date().toISOString(),
    };
    this.#entries.push(recorded);
    return (status) => {
      recorded.status = status;
    };
  }

  clear(): void {
    this.#entries.length = 0;
  }
}
