/**
 * ARM's authentication: every request under `/subscriptions` carries `Authorization: Bearer` with
 * a token for ARM's audience from the subscription's tenant, or is answered 401 with ARM's codes
 * and a `WWW-Authenticate` challenge naming the authority to ask.
 */
import type { EmulatorContext } from '../emulator-context.ts';
import { ArmError } from '../http/arm-error.ts';
import { headerOf } from '../http/exchange.ts';
import type { ArmRequest } from '../http/exchange.ts';
import { ARM_AUDIENCES } from './tokens.ts';

function unauthorized(context: EmulatorContext, code: string, message: string): ArmError {
  const authority = `${context.endpoint}/${context.state.tenantId}`;
  return new ArmError(401, code, message, {
    headers: {
      'WWW-Authenticate': `Bearer authorization_uri="${authority}", error="invalid_token", error_description="${message}"`,
    },
  });
}

export async function authenticate(context: EmulatorContext, request: ArmRequest): Promise<void> {
  const header = headerOf(request, 'authorization');
  if (header === undefined)
    throw unauthorized(
      context,
      'AuthenticationFailed',
      "Authentication failed. The 'Authorization' header is missing.",
    );
  const match = /^Bearer\s+(\S+)$/i.exec(header);
  if (match?.[1] === undefined)
    throw unauthorized(
      context,
      'AuthenticationFailed',
      "Authentication failed. The 'Authorization' header is provided in an invalid format.",
    );
  const check = await context.tokens.check(match[1]);
  if (!check.isValid)
    throw check.isExpired
      ? unauthorized(context, 'ExpiredAuthenticationToken', 'The access token has expired.')
      : unauthorized(context, 'InvalidAuthenticationToken', 'The access token is invalid.');
  const { audience, tenantId } = check.claims;
  if (!ARM_AUDIENCES.includes(audience))
    throw unauthorized(
      context,
      'InvalidAuthenticationTokenAudience',
      `The access token has been obtained for wrong audience or resource '${audience}'. It should exactly match with one of the allowed audiences '${ARM_AUDIENCES.join("','")}'.`,
    );
  if (tenantId.toLowerCase() !== context.state.tenantId.toLowerCase())
    throw unauthorized(
      context,
      'InvalidAuthenticationTokenTenant',
      `The access token is from the wrong issuer 'https://sts.windows.net/${tenantId}/'. It must match the tenant 'https://sts.windows.net/${context.state.tenantId}/' associated with this subscription.`,
    );
}
