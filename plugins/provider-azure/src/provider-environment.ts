/**
 * What one provider instance shares between its operations: settings, clients, the deployment
 * name, and where resources go when they name no resource group.
 */
import type { ProviderContext } from '@kusion/sdk';
import type { AzureClients } from './arm/azure-clients.js';
import type { TargetDefaults } from './model/targets.js';
import type { ProviderSettings } from './settings.js';

export interface ProviderEnvironment {
  readonly settings: ProviderSettings;
  readonly clients: AzureClients;
  readonly context: ProviderContext;
  /** The name of every deployment of this project, stack and workspace. */
  readonly deploymentName: string;
  readonly defaults: TargetDefaults;
}
