/**
 * GetIamPolicy, SetIamPolicy and TestIamPermissions, which every Resource Manager service carries
 * for its own resources (`projects/*`, `folders/*`, `tagKeys/*`...).
 */
import type { Handler } from '../grpc-server.ts';
import type { Policy } from '../iam-policies.ts';
import { invalidArgument } from '../rpc-error.ts';
import type { FieldMask } from '../wire-types.ts';
import type { Backend } from './backend.ts';

interface GetIamPolicyRequest {
  readonly resource?: string;
  readonly options?: { readonly requested_policy_version?: number };
}
interface SetIamPolicyRequest {
  readonly resource?: string;
  readonly policy?: Policy;
  readonly update_mask?: FieldMask;
}
interface TestIamPermissionsRequest {
  readonly resource?: string;
  readonly permissions?: readonly string[];
}

export interface IamTarget {
  /** `resourcemanager.projects`: the permissions checked are `<prefix>.getIamPolicy`... */
  readonly permissionPrefix: string;
  /** The canonical name of the resource, or PERMISSION_DENIED / INVALID_ARGUMENT. */
  resolve(resource: string | undefined, permission: string): string;
  /** Projects refuse allUsers and allAuthenticatedUsers. */
  readonly allowsPublicMembers: boolean;
}

const PERMISSION = /^[a-z][a-zA-Z0-9]*(\.[a-zA-Z0-9]+){2,}$/;

export function iamMethods(
  backend: Backend,
  target: IamTarget,
): Record<'GetIamPolicy' | 'SetIamPolicy' | 'TestIamPermissions', Handler<never>> {
  const getIamPolicy: Handler<GetIamPolicyRequest> = (request) =>
    backend.policies.get(
      target.resolve(request.resource, `${target.permissionPrefix}.getIamPolicy`),
      request.options?.requested_policy_version ?? 0,
    );
  const setIamPolicy: Handler<SetIamPolicyRequest> = (request) =>
    backend.policies.set(
      target.resolve(request.resource, `${target.permissionPrefix}.setIamPolicy`),
      request.policy,
      request.update_mask,
      target.allowsPublicMembers,
    );
  const testIamPermissions: Handler<TestIamPermissionsRequest> = (request) => {
    const name = target.resolve(request.resource, `${target.permissionPrefix}.get`);
    const permissions = request.permissions ?? [];
    const invalid = permissions.filter((permission) => !PERMISSION.test(permission));
    if (invalid.length) {
      throw invalidArgument(`Invalid permissions: ${invalid.join(', ')}.`, [
        { field: 'permissions', description: 'permissions look like service.resource.verb' },
      ]);
    }
    return {
      permissions: permissions.filter((permission) => backend.access.isAllowed(name, permission)),
    };
  };
  return {
    GetIamPolicy: getIamPolicy,
    SetIamPolicy: setIamPolicy,
    TestIamPermissions: testIamPermissions,
  };
}
