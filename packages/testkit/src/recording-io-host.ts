/**
 * An IoHost for tests: it records every message and question, and answers questions from a map
 * of answers by request code, or with the request's default.
 */
import type { IoHost, IoMessage, IoMessageCode, IoRequest } from '@kusion/sdk';

/** An answer, or a function computing one from the request. */
export type IoAnswer = unknown;

export interface RecordingIoHostOptions {
  /** Answers by request code; a function is called with the request. */
  readonly answers?: Readonly<Record<string, IoAnswer>> | ReadonlyMap<string, IoAnswer>;
}

export interface RecordedRequest {
  readonly request: IoRequest<unknown>;
  readonly response: unknown;
}

export interface RecordingIoHost extends IoHost {
  /** Every message received, in order. */
  readonly messages: readonly IoMessage[];
  /** Every question asked, with the answer given. */
  readonly requests: readonly RecordedRequest[];
  /** The messages with this code, typed by the code's data. */
  messagesWithCode<C extends IoMessageCode>(code: C): IoMessage<C>[];
  /** Sets or replaces the answer to requests with this code. */
  answer(code: string, answer: IoAnswer): void;
  /** Forgets the recorded messages and requests; answers stay. */
  clear(): void;
}

export function createRecordingIoHost(options: RecordingIoHostOptions = {}): RecordingIoHost {
  const messages: IoMessage[] = [];
  const requests: RecordedRequest[] = [];
  const answers = new Map<string, IoAnswer>(
    options.answers instanceof Map ? options.answers : Object.entries(options.answers ?? {}),
  );

  return {
    messages,
    requests,
    notify(message) {
      messages.push(message);
    },
    requestResponse<R>(request: IoRequest<R>): Promise<R> {
      const answer = answers.get(request.code);
      const response = (
        !answers.has(request.code)
          ? request.defaultResponse
          : typeof answer === 'function'
            ? (answer as (request: IoRequest<R>) => unknown)(request)
            : answer
      ) as R;
      requests.push({ request, response });
      return Promise.resolve(response);
    },
    messagesWithCode<C extends IoMessageCode>(code: C) {
      return messages.filter((message) => message.code === code) as IoMessage<C>[];
    },
    answer(code, answer) {
      answers.set(code, answer);
    },
    clear() {
      messages.length = 0;
      requests.length = 0;
    },
  };
}
