/**
 * The service definitions and message types, loaded from the `.proto` files that ship inside the
 * production client (`@google-cloud/resource-manager`) and its `google-gax` (IAM, long-running
 * operations, google.rpc, well-known types): the emulator speaks exactly the schema the client was
 * generated from, never a hand-written copy.
 */
import { accessSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import type { ServiceDefinition } from '@grpc/grpc-js';
import * as protoLoader from '@grpc/proto-loader';
import protobuf from 'protobufjs';
import type { Any } from './wire-types.ts';

export const RESOURCE_MANAGER = 'google.cloud.resourcemanager.v3';
const TYPE_URL_PREFIX = 'type.googleapis.com/';

const SERVICE_FILES = [
  'projects',
  'folders',
  'organizations',
  'tag_keys',
  'tag_values',
  'tag_bindings',
  'tag_holds',
].map((file) => `google/cloud/resourcemanager/v3/${file}.proto`);
/** Error details the emulator attaches to statuses (`grpc-status-details-bin`, Operation.error). */
const EXTRA_FILES = ['google/rpc/status.proto', 'google/rpc/error_details.proto'];

/**
 * Field names as in the .proto (`update_mask`, `project_id`), so the request log shows what is on
 * the wire; 64-bit integers as strings, enums by name, bytes as base64 (IAM etags compare as text).
 */
const LOADER_OPTIONS: protoLoader.Options = {
  keepCase: true,
  longs: String,
  enums: String,
  bytes: String,
  defaults: false,
  oneofs: true,
};

export interface LoadedProtos {
  /** `google.cloud.resourcemanager.v3.Projects`, `google.longrunning.Operations`... */
  service(fullName: string): ServiceDefinition;
  /** A message as `google.protobuf.Any` with the `type.googleapis.com/` URL clients expect. */
  pack(typeName: string, message: object): Any;
  /** The proto3 wire bytes of a message given with .proto field names. */
  encode(typeName: string, message: object): Uint8Array;
}

let loaded: LoadedProtos | undefined;

/** Loads once per process (about 100 ms). */
export function loadProtos(): LoadedProtos {
  loaded ??= load();
  return loaded;
}

function load(): LoadedProtos {
  const includeDirs = protoDirectories();
  const definition = protoLoader.loadSync([...SERVICE_FILES, ...EXTRA_FILES], {
    ...LOADER_OPTIONS,
    includeDirs,
  });
  // proto-loader keeps its protobufjs root to itself; a second root over the same files encodes
  // the messages that travel inside Any (operation metadata and responses, error details).
  const root = new protobuf.Root();
  root.resolvePath = (_origin, target) => findProtoFile(includeDirs, target);
  root.loadSync([...SERVICE_FILES, ...EXTRA_FILES], { keepCase: true });
  root.resolveAll();

  const encode = (typeName: string, message: object): Uint8Array => {
    const type = root.lookupType(typeName);
    return type.encode(type.fromObject(message)).finish();
  };
  return {
    service(fullName) {
      const entry = definition[fullName];
      if (entry === undefined || 'format' in entry || 'enum' in entry)
        throw new Error(`${fullName} is not a service in the packaged protos`);
      return entry;
    },
    pack: (typeName, message) => ({
      type_url: TYPE_URL_PREFIX + typeName,
      value: Buffer.from(encode(typeName, message)).toString('base64'),
    }),
    encode,
  };
}

/** `build/protos` of the client package and of the google-gax it resolves. */
function protoDirectories(): string[] {
  const require = createRequire(import.meta.url);
  const clientMain = require.resolve('@google-cloud/resource-manager');
  const gaxMain = createRequire(clientMain).resolve('google-gax');
  return [
    path.resolve(path.dirname(clientMain), '../protos'),
    path.resolve(path.dirname(gaxMain), '../protos'),
  ];
}

function findProtoFile(includeDirs: readonly string[], target: string): string {
  if (path.isAbsolute(target)) return target;
  for (const directory of includeDirs) {
    const candidate = path.join(directory, target);
    try {
      accessSync(candidate);
      return candidate;
    } catch {
      // not in this directory
    }
  }
  return target;
}
