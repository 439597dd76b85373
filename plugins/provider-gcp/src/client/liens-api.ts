/**
 * Liens over the v3 REST API (`/v3/liens`): the Node client packages no Liens service. Requests go
 * through google-auth-library's HTTP client with the connection's credentials (none on a loopback
 * emulator). google-auth-library does not retry, so reads are retried here like gRPC reads.
 */
import { ProviderError } from '@kusion/sdk';
import { readCall, writeCall } from './calls.js';
import type { Connection } from './connection.js';

export interface LienMessage {
  readonly name?: string;
  readonly parent?: string;
  readonly restrictions?: readonly string[];
  readonly reason?: string;
  readonly origin?: string;
  readonly createTime?: string;
}

export interface LiensApi {
  get(name: string, signal: AbortSignal): Promise<LienMessage>;
  list(parent: string, signal: AbortSignal): Promise<LienMessage[]>;
  create(lien: LienMessage, signal: AbortSignal): Promise<LienMessage>;
  delete(name: string, signal: AbortSignal): Promise<void>;
}

export function createLiensApi(connection: Connection): LiensApi {
  const root = (): string => {
    if (connection.restEndpoint) return `${connection.restEndpoint}/v3`;
    throw new ProviderError(
      `liens need the REST API, and providers.gcp.endpoint is the loopback ${connection.description} without restEndpoint`,
      {
        hint: 'set providers.gcp.restEndpoint (the emulator prints it as "restEndpoint")',
      },
    );
  };
  const { rest } = connection;
  return {
    async get(name, signal) {
      const url = `${root()}/${name}`;
      return (await readCall(() => rest.request<LienMessage>({ url }), signal)).data;
    },
    async list(parent, signal) {
      const liens: LienMessage[] = [];
      let pageToken: string | undefined;
      do {
        const params = { parent, ...(pageToken ? { pageToken } : {}) };
        const url = `${root()}/liens`;
        const { data } = await readCall(
          () => rest.request<{ liens?: LienMessage[]; nextPageToken?: string }>({ url, params }),
          signal,
        );
        liens.push(...(data.liens ?? []));
        pageToken = data.nextPageToken || undefined;
      } while (pageToken);
      return liens;
    },
    async create(lien, signal) {
      const url = `${root()}/liens`;
      return (
        await writeCall(
          () => rest.request<LienMessage>({ url, method: 'POST', data: lien }),
          signal,
        )
      ).data;
    },
    async delete(name, signal) {
      const url = `${root()}/${name}`;
      await writeCall(() => rest.request({ url, method: 'DELETE' }), signal);
    },
  };
}
