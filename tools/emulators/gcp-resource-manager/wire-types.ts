/**
 * Shapes of the messages shared by several services, as the emulator receives and sends them:
 * .proto field names, 64-bit integers as strings, enums by name, bytes as base64 (see protos.ts).
 * Request fields are all optional because proto3 omits defaults on the wire.
 */

export interface Timestamp {
  readonly seconds: string;
  readonly nanos: number;
}

export interface Any {
  readonly type_url: string;
  /** base64 */
  readonly value: string;
}

export interface FieldMask {
  readonly paths?: readonly string[];
}

/** google.rpc.Status */
export interface Status {
  readonly code: number;
  readonly message: string;
  readonly details?: readonly Any[];
}

/** google.longrunning.Operation */
export interface Operation {
  readonly name: string;
  readonly done: boolean;
  readonly metadata?: Any;
  readonly error?: Status;
  readonly response?: Any;
}

export interface Paged {
  readonly page_size?: number;
  readonly page_token?: string;
}

export function timestamp(date: Date): Timestamp {
  const milliseconds = date.getTime();
  return {
    seconds: String(Math.floor(milliseconds / 1000)),
    nanos: (milliseconds % 1000) * 1_000_000,
  };
}
