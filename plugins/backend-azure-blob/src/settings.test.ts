import { describe, expect, it } from 'vitest';
import { parseAzureBlobSettings } from './settings.js';

describe('parseAzureBlobSettings', () => {
  it('normalises the prefix and keeps what was given', () => {
    expect(
      parseAzureBlobSettings(
        { container: 'kusion-state', accountName: 'acme', prefix: '/team//a' },
        {},
      ),
    ).toEqual({
      container: 'kusion-state',
      prefix: 'team/a/',
      accountName: 'acme',
      endpoint: undefined,
      createContainer: false,
    });
  });

  it('reports every problem at once, and refuses secrets in config.yaml', () => {
    let messages: string[] = [];
    try {
      parseAzureBlobSettings(
        {
          container: 'Bad_Name',
          accountKey: 'k',
          endpoint: 'https://a.blob.core.windows.net?sv=x',
        },
        {},
      );
    } catch (error) {
      messages = (error as { diagnostics: { message: string }[] }).diagnostics.map(
        (d) => d.message,
      );
    }
    expect(messages).toEqual([
      '"container" must be a container name (3 to 63 lower-case letters, digits and single hyphens), received "Bad_Name"',
      '"accountKey" is a secret and does not belong in config.yaml: set AZURE_STORAGE_KEY in the environment instead',
      '"endpoint" must be a URL without a query (a SAS token goes in AZURE_STORAGE_SAS_TOKEN), received "https://a.blob.core.windows.net?sv=x"',
    ]);
  });

  it('needs an account, an endpoint or a connection string', () => {
    expect(() => parseAzureBlobSettings({ container: 'state' }, {})).toThrow();
    expect(
      parseAzureBlobSettings({ container: 'state' }, { AZURE_STORAGE_CONNECTION_STRING: 'x' })
        .container,
    ).toBe('state');
  });
});
