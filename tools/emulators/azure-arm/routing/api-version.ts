/**
 * The `api-version` query parameter: required on every ARM request, and for Microsoft.Resources'
 * own operations (resource groups, deployments, listings) one of the versions it supports.
 */
import { ArmError } from '../http/arm-error.ts';
import type { ArmRequest } from '../http/exchange.ts';

/** Microsoft.Resources api-versions (the SDKs in use send 2025-04-01 and 2026-06-01). */
export const RESOURCES_API_VERSIONS: readonly string[] = [
  '2019-10-01',
  '2020-06-01',
  '2020-10-01',
  '2021-01-01',
  '2021-04-01',
  '2022-09-01',
  '2023-07-01',
  '2024-03-01',
  '2024-07-01',
  '2024-11-01',
  '2025-03-01',
  '2025-04-01',
  '2026-06-01',
];

export function apiVersionOf(request: ArmRequest): string {
  const apiVersion = request.query.get('api-version');
  if (apiVersion === null || apiVersion === '')
    throw new ArmError(
      400,
      'MissingApiVersionParameter',
      'The api-version query parameter (?api-version=) is required for all requests.',
    );
  return apiVersion;
}

export function resourcesApiVersionOf(request: ArmRequest): string {
  const apiVersion = apiVersionOf(request);
  if (!RESOURCES_API_VERSIONS.includes(apiVersion))
    throw new ArmError(
      400,
      'InvalidApiVersionParameter',
      `The api-version '${apiVersion}' is invalid. The supported versions are '${[...RESOURCES_API_VERSIONS].reverse().join(',')}'.`,
    );
  return apiVersion;
}
