/**
 * google.cloud.resourcemanager.v3.Organizations: the organizations the emulator was started with
 * (they cannot be created through the API), their search and their IAM policies.
 */
import type { Handler, ServiceImplementation } from '../grpc-server.ts';
import { paginate } from '../pagination.ts';
import { compileQuery } from '../search-query.ts';
import type { OrganizationRecord } from '../store.ts';
import { timestamp, type Paged } from '../wire-types.ts';
import { V3, type Backend } from './backend.ts';
import { iamMethods } from './iam-methods.ts';

interface NameRequest {
  readonly name?: string;
}
interface SearchOrganizationsRequest extends Paged {
  readonly query?: string;
}

function organizationMessage(organization: OrganizationRecord): object {
  return {
    name: organization.name,
    display_name: organization.domain,
    directory_customer_id: organization.directoryCustomerId,
    state: organization.state,
    create_time: timestamp(organization.createTime),
    update_time: timestamp(organization.createTime),
    etag: organization.etag,
  };
}

export function organizationsService(backend: Backend): ServiceImplementation {
  const { store, access } = backend;

  const getOrganization: Handler<NameRequest> = (request) =>
    organizationMessage(access.organization(request.name, 'resourcemanager.organizations.get'));

  const searchOrganizations: Handler<SearchOrganizationsRequest> = (request) => {
    const query = compileQuery(request.query, searchFields, 'AND');
    const organizations = [...store.organizations.values()].filter(
      (organization) =>
        access.isAllowed(organization.name, 'resourcemanager.organizations.get') &&
        query.matches(organization),
    );
    const page = paginate(organizations, request);
    return { organizations: page.items.map(organizationMessage), ...page.next };
  };

  return {
    service: `${V3}.Organizations`,
    methods: {
      GetOrganization: getOrganization,
      SearchOrganizations: searchOrganizations,
      ...iamMethods(backend, {
        permissionPrefix: 'resourcemanager.organizations',
        resolve: (resource, permission) => access.organization(resource, permission).name,
        allowsPublicMembers: true,
      }),
    },
  };
}

const searchFields = {
  isKnown: (field: string) =>
    ['directorycustomerid', 'owner.directorycustomerid', 'domain'].includes(field),
  values: (field: string, organization: OrganizationRecord): readonly string[] =>
    field === 'domain' ? [organization.domain] : [organization.directoryCustomerId],
};
