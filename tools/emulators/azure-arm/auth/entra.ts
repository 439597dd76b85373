/**
 * A minimal Microsoft Entra ID, enough for `@azure/identity`'s client-secret credentials (MSAL)
 * pointed at the emulator with `authorityHost` and `disableInstanceDiscovery`: MSAL reads
 * `GET /{tenant}/v2.0/.well-known/openid-configuration` (it checks that `issuer` has the
 * authority's origin), then posts the client-credentials grant to its `token_endpoint`.
 * Errors are OAuth's (`{ error, error_description, error_codes }`), not ARM's.
 */
import { randomUUID } from 'node:crypto';
import type { EmulatorContext } from '../emulator-context.ts';
import { json } from '../http/exchange.ts';
import type { ArmRequest, ArmResponse } from '../http/exchange.ts';
import type { JsonObject } from '../json-value.ts';

export interface EntraOptions {
  /** Accepted client ids and their secrets. Default: any client id with a non-empty secret. */
  readonly clients?: Readonly<Record<string, string>>;
}

function oauthError(status: number, error: string, code: number, description: string): ArmResponse {
  const traceId = randomUUID();
  return json(status, {
    error,
    error_description: `AADSTS${code}: ${description} Trace ID: ${traceId} Timestamp: ${new Date().toISOString()}`,
    error_codes: [code],
    timestamp: new Date().toISOString(),
    trace_id: traceId,
    correlation_id: randomUUID(),
  });
}

function unknownTenant(tenant: string): ArmResponse {
  return oauthError(
    400,
    'invalid_tenant',
    90002,
    `Tenant '${tenant}' not found. Check to make sure you have the correct tenant ID and are signing into the correct cloud.`,
  );
}

function isKnownTenant(context: EmulatorContext, tenant: string): boolean {
  return tenant.toLowerCase() === context.state.tenantId.toLowerCase();
}

export function openIdConfiguration(context: EmulatorContext, tenant: string): ArmResponse {
  if (!isKnownTenant(context, tenant)) return unknownTenant(tenant);
  const base = `${context.endpoint}/${context.state.tenantId}`;
  const metadata: JsonObject = {
    token_endpoint: `${base}/oauth2/v2.0/token`,
    token_endpoint_auth_methods_supported: [
      'client_secret_post',
      'private_key_jwt',
      'client_secret_basic',
    ],
    jwks_uri: `${base}/discovery/v2.0/keys`,
    response_modes_supported: ['query', 'fragment', 'form_post'],
    subject_types_supported: ['pairwise'],
    id_token_signing_alg_values_supported: ['RS256'],
    response_types_supported: ['code', 'id_token', 'code id_token', 'id_token token'],
    scopes_supported: ['openid', 'profile', 'email', 'offline_access'],
    issuer: `${base}/v2.0`,
    request_uri_parameter_supported: false,
    authorization_endpoint: `${base}/oauth2/v2.0/authorize`,
    device_authorization_endpoint: `${base}/oauth2/v2.0/devicecode`,
    end_session_endpoint: `${base}/oauth2/v2.0/logout`,
    http_logout_supported: true,
    frontchannel_logout_supported: true,
    tenant_region_scope: 'NA',
    cloud_instance_name: 'microsoftonline.com',
    cloud_graph_host_name: 'graph.windows.net',
    msgraph_host: 'graph.microsoft.com',
  };
  return json(200, metadata);
}

export function signingKeys(context: EmulatorContext, tenant: string): ArmResponse {
  if (!isKnownTenant(context, tenant)) return unknownTenant(tenant);
  // Tokens are signed with a symmetric key only the emulator holds: there is no public key to list.
  return json(200, { keys: [] });
}

export async function issueToken(
  context: EmulatorContext,
  options: EntraOptions,
  tenant: string,
  request: ArmRequest,
): Promise<ArmResponse> {
  if (!isKnownTenant(context, tenant)) return unknownTenant(tenant);
  const form = new URLSearchParams(request.rawBody);
  const grantType = form.get('grant_type');
  if (grantType !== 'client_credentials')
    return oauthError(
      400,
      'unsupported_grant_type',
      70003,
      `The app requested an unsupported grant type '${grantType ?? ''}'.`,
    );
  const clientId = form.get('client_id') ?? '';
  const secret = form.get('client_secret') ?? '';
  const expected = options.clients === undefined ? undefined : options.clients[clientId];
  if (options.clients !== undefined && expected === undefined)
    return oauthError(
      400,
      'unauthorized_client',
      700016,
      `Application with identifier '${clientId}' was not found in the directory '${tenant}'.`,
    );
  if (secret === '' || (expected !== undefined && secret !== expected))
    return oauthError(
      401,
      'invalid_client',
      7000215,
      `Invalid client secret provided. Ensure the secret being sent in the request is the client secret value, not the client secret ID, for a secret added to app '${clientId}'.`,
    );
  const scope = (form.get('scope') ?? '').split(' ').find((item) => item.endsWith('/.default'));
  if (scope === undefined)
    return oauthError(
      400,
      'invalid_scope',
      1002012,
      `The provided value for scope ${form.get('scope') ?? ''} is not valid. Client credential flows must have a scope value with /.default suffixed to the resource identifier (application ID URI).`,
    );
  const audience = scope.slice(0, -'.default'.length);
  const token = await context.tokens.issue({
    audience,
    tenantId: context.state.tenantId,
    clientId,
  });
  return json(200, {
    token_type: 'Bearer',
    expires_in: token.expiresIn,
    ext_expires_in: token.expiresIn,
    access_token: token.accessToken,
  });
}
