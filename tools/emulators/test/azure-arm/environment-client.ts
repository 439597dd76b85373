/**
 * Run by the CLI test in a child process: the Azure SDK as a provider would use it, configured
 * only through the environment — `EnvironmentCredential` (`AZURE_*`, `AZURE_AUTHORITY_HOST`) and
 * the emulator's certificate trusted through `NODE_EXTRA_CA_CERTS`. Prints the group it created.
 */
import { ResourceManagementClient } from '@azure/arm-resources';
import { EnvironmentCredential } from '@azure/identity';

const subscriptionId = process.env['AZURE_SUBSCRIPTION_ID'] ?? '';
const endpoint = process.env['ARM_ENDPOINT'] ?? '';
const credential = new EnvironmentCredential({ disableInstanceDiscovery: true });
const client = new ResourceManagementClient(credential, subscriptionId, { endpoint });
const group = await client.resourceGroups.createOrUpdate('from-child-process', {
  location: 'eastus',
});
console.log(JSON.stringify({ id: group.id }));
