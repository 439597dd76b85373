/**
 * How the provider reaches Resource Manager. In production: TLS to Google's endpoint, with the
 * workspace's `credentials` or Application Default Credentials. On a loopback `endpoint` (the
 * emulator): plaintext gRPC and no credentials at all — a `PassThroughClient`, so nothing looks
 * for ADC or probes a metadata server, and no token can leave the machine.
 */
import * as grpc from '@grpc/grpc-js';
import type { ProjectsClient } from '@google-cloud/resource-manager';
import { GoogleAuth, PassThroughClient } from 'google-auth-library';
import type { gaxios } from 'google-auth-library';
import type { GcpSettings } from '../settings.js';
import { DEFAULT_REST_ENDPOINT } from '../settings.js';

/** The options every Resource Manager client is built with. */
export type ClientOptions = NonNullable<ConstructorParameters<typeof ProjectsClient>[0]>;

/** Sends REST requests (liens) with the connection's credentials. */
export interface RestSender {
  request<T>(options: gaxios.GaxiosOptions): Promise<gaxios.GaxiosResponse<T>>;
}

export interface Connection {
  readonly clientOptions: ClientOptions;
  readonly rest: RestSender;
  /** The v3 REST root; undefined when a loopback endpoint was given without `restEndpoint`. */
  readonly restEndpoint: string | undefined;
  /** What the provider talks to, for messages: `127.0.0.1:8085 (plaintext)` or Google's API. */
  readonly description: string;
}

const SCOPES = ['https://www.googleapis.com/auth/cloud-platform'];

export function createConnection(settings: GcpSettings): Connection {
  const { endpoint } = settings;
  if (endpoint?.isLoopback) {
    const passThrough = new PassThroughClient();
    return {
      clientOptions: {
        apiEndpoint: endpoint.host,
        port: endpoint.port,
        // The grpc-js that made sslCreds: grpc-js checks `instanceof ChannelCredentials`.
        grpc,
        sslCreds: grpc.credentials.createInsecure(),
        authClient: passThrough,
      },
      rest: passThrough,
      restEndpoint: settings.restEndpoint,
      description: `${endpoint.host}:${endpoint.port} (plaintext, no credentials)`,
    };
  }
  const auth = new GoogleAuth({
    scopes: SCOPES,
    ...(settings.credentials ? { credentials: settings.credentials } : {}),
  });
  return {
    clientOptions: {
      auth,
      ...(endpoint ? { apiEndpoint: endpoint.host, port: endpoint.port } : {}),
    },
    rest: auth,
    restEndpoint: settings.restEndpoint ?? DEFAULT_REST_ENDPOINT,
    description: endpoint
      ? `${endpoint.host}:${endpoint.port}`
      : 'cloudresourcemanager.googleapis.com',
  };
}
