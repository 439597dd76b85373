/**
 * The GCP provider: resources of type `GCP` (projects, folders, tags, tag bindings, IAM members,
 * liens) made with per-resource Cloud Resource Manager calls — there is no template engine — and
 * long-running operations polled to completion.
 */
import type { ProviderFactoryRequest, ResourceProvider } from '@kusion/sdk';
import { applyResource } from './apply/apply-resource.js';
import { createClients } from './client/clients.js';
import { createConnection } from './client/connection.js';
import { createLiensApi } from './client/liens-api.js';
import { createNameResolver } from './client/name-resolver.js';
import { deleteResource } from './delete/delete-resource.js';
import { createPolicyLocks } from './iam/policy-locks.js';
import { importResource } from './import/import-resource.js';
import { validateResources } from './model/validate-resources.js';
import { inferDependencies } from './ordering/infer-dependencies.js';
import { planDeletion } from './plan/plan-delete.js';
import { planResource } from './plan/plan-resource.js';
import { readResource } from './read/read-resource.js';
import type { RunContext } from './run-context.js';
import { parseSettings } from './settings.js';

/** A provider for the workspace settings `providers.gcp`; nothing is contacted until the first call. */
export function createGcpProvider(
  request: Pick<ProviderFactoryRequest, 'settings'>,
): ResourceProvider {
  const settings = parseSettings(request.settings);
  const connection = createConnection(settings);
  const clients = createClients(connection.clientOptions);
  const run: RunContext = {
    settings,
    connection,
    clients,
    names: createNameResolver(clients),
    liens: createLiensApi(connection),
    policyLocks: createPolicyLocks(),
  };

  return {
    kind: 'resource',

    validate({ resources }) {
      return Promise.resolve(
        validateResources(resources, {
          settings,
          hasRestEndpoint: connection.restEndpoint !== undefined,
        }),
      );
    },

    inferDependencies({ resources }) {
      return { edges: inferDependencies(resources, settings.parent) };
    },

    async read(readRequest) {
      return { live: await readResource(run, readRequest) };
    },

    plan(planRequest) {
      return planResource(run, planRequest);
    },

    planDelete(planDeleteRequest) {
      return planDeletion(planDeleteRequest);
    },

    apply(applyRequest) {
      return applyResource(run, applyRequest);
    },

    delete(deleteRequest) {
      return deleteResource(run, deleteRequest);
    },

    import(importRequest) {
      return importResource(run, importRequest);
    },

    close() {
      return clients.close();
    },
  };
}
