/**
 * Azure regions the emulator accepts. ARM takes a region's name in any case and with spaces
 * ("East US") and answers with its canonical form ("eastus").
 */
import { ArmError } from '../http/arm-error.ts';

export const LOCATIONS: readonly string[] = [
  'eastus',
  'eastus2',
  'westus',
  'westus2',
  'westus3',
  'centralus',
  'northcentralus',
  'southcentralus',
  'westcentralus',
  'canadacentral',
  'canadaeast',
  'brazilsouth',
  'northeurope',
  'westeurope',
  'uksouth',
  'ukwest',
  'francecentral',
  'germanywestcentral',
  'switzerlandnorth',
  'norwayeast',
  'swedencentral',
  'polandcentral',
  'italynorth',
  'eastasia',
  'southeastasia',
  'japaneast',
  'japanwest',
  'koreacentral',
  'australiaeast',
  'australiasoutheast',
  'centralindia',
  'southindia',
  'uaenorth',
  'southafricanorth',
];

export function canonicalLocation(location: string): string | undefined {
  const canonical = location.replace(/\s+/g, '').toLowerCase();
  return LOCATIONS.includes(canonical) ? canonical : undefined;
}

export function resourceLocation(location: string, resourceType: string): string {
  const canonical = canonicalLocation(location);
  if (canonical !== undefined) return canonical;
  throw new ArmError(
    400,
    'LocationNotAvailableForResourceType',
    `The provided location '${location}' is not available for resource type '${resourceType}'. List of available regions for the resource type is '${LOCATIONS.join(',')}'.`,
  );
}
