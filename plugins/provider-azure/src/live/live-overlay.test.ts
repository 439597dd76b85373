import { describe, expect, it } from 'vitest';
import { overlayLive } from './live-overlay.js';

const recorded = {
  type: 'Microsoft.Network/networkSecurityGroups',
  apiVersion: '2023-09-01',
  name: 'web',
  resourceGroup: 'rg',
  id: '/subscriptions/s/resourceGroups/rg/providers/Microsoft.Network/networkSecurityGroups/web',
  location: 'West Europe',
  tags: { team: 'shop', owner: '$kusion_path.azure:X:y.name' },
  properties: {
    securityRules: [{ name: 'https', properties: { priority: 100, access: 'Allow' } }],
    subnetRef: '$kusion_path.azure:Microsoft.Network/virtualNetworks/subnets:net/apps.id',
  },
};

describe('overlayLive', () => {
  it('reads back exactly the record when nothing drifted, whatever Azure adds', () => {
    const live = {
      location: 'westeurope',
      tags: { team: 'shop', owner: 'y', 'kusion-project': 'p' },
      etag: 'W/"1"',
      properties: {
        provisioningState: 'Succeeded',
        defaultSecurityRules: [{ name: 'AllowVnetInBound' }],
        subnetRef: '/subscriptions/s/…/subnets/apps',
        securityRules: [
          {
            name: 'https',
            id: 'x',
            properties: { priority: 100, access: 'Allow', provisioningState: 'Succeeded' },
          },
        ],
      },
    };
    expect(overlayLive(recorded, live)).toEqual(recorded);
  });

  it('shows changed, added and removed values', () => {
    const live = {
      location: 'northeurope',
      tags: { team: 'ops', owner: 'y', extra: '1' },
      properties: {
        securityRules: [
          { name: 'https', properties: { priority: 200 } },
          { name: 'ssh', properties: { priority: 300 } },
        ],
      },
    };
    expect(overlayLive(recorded, live)).toMatchObject({
      location: 'northeurope',
      tags: { team: 'ops', owner: recorded.tags.owner, extra: '1' },
      properties: {
        securityRules: [
          { name: 'https', properties: { priority: 200 } },
          { name: 'ssh', properties: { priority: 300 } },
        ],
        subnetRef: recorded.properties.subnetRef,
      },
    });
  });
});
