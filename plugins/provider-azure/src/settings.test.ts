import { describe, expect, it } from 'vitest';
import { parseProviderSettings } from './settings.js';

const SUBSCRIPTION = '00000000-0000-0000-0000-000000000001';

describe('parseProviderSettings', () => {
  it('takes the subscription from the environment and fills the defaults', () => {
    expect(
      parseProviderSettings({ resourceGroup: 'shop' }, { AZURE_SUBSCRIPTION_ID: SUBSCRIPTION }),
    ).toEqual({
      subscriptionId: SUBSCRIPTION,
      resourceGroup: 'shop',
      ownsResourceGroup: false,
      pollIntervalMs: 2000,
    });
  });

  it('reports every problem at once, never quoting a value that may be secret', () => {
    let message = '';
    try {
      parseProviderSettings(
        {
          subscriptionId: 'not-a-guid',
          clientSecret: 's3cr3t-value',
          location: 'west europe!',
          regoin: 'x',
        },
        {},
      );
    } catch (error) {
      message = (error as Error).message;
    }
    expect(message).toContain('unknown setting "regoin"');
    expect(message).toContain(
      '"subscriptionId" must be a subscription id (a GUID), received a string of 10 characters',
    );
    expect(message).toContain(
      '"location" must be an Azure location such as "westeurope", received "west europe!"',
    );
    expect(message).toContain('"clientId" and "clientSecret" go together');
    expect(message).not.toContain('s3cr3t-value');
  });

  it('needs a subscription', () => {
    expect(() => parseProviderSettings({}, {})).toThrow('"subscriptionId" is required');
  });
});
