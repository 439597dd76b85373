import { GoogleAuth, PassThroughClient } from 'google-auth-library';
import { describe, expect, it } from 'vitest';
import { parseSettings } from '../settings.js';
import { createConnection } from './connection.js';

const KEY = {
  type: 'service_account',
  client_email: 'deployer@shop.iam.gserviceaccount.com',
  private_key: '-----BEGIN PRIVATE KEY-----\nMIIE\n-----END PRIVATE KEY-----\n',
};

describe('connection', () => {
  it('talks plaintext to a loopback endpoint and sends no credentials, even when some are set', () => {
    const connection = createConnection(
      parseSettings({ endpoint: '127.0.0.1:8085', credentials: JSON.stringify(KEY) }),
    );
    expect(connection.clientOptions).toMatchObject({ apiEndpoint: '127.0.0.1', port: 8085 });
    expect(connection.clientOptions.authClient).toBeInstanceOf(PassThroughClient);
    expect(connection.clientOptions.auth).toBeUndefined();
    expect(connection.rest).toBeInstanceOf(PassThroughClient);
    expect(connection.restEndpoint).toBeUndefined();
    expect(connection.description).toBe('127.0.0.1:8085 (plaintext, no credentials)');
  });

  it('uses the workspace credentials over TLS elsewhere, and Google’s REST root by default', async () => {
    const connection = createConnection(parseSettings({ credentials: JSON.stringify(KEY) }));
    const auth = connection.clientOptions.auth;
    expect(auth).toBeInstanceOf(GoogleAuth);
    expect(connection.clientOptions.sslCreds).toBeUndefined();
    expect((await (auth as GoogleAuth).getCredentials()).client_email).toBe(KEY.client_email);
    expect(connection.restEndpoint).toBe('https://cloudresourcemanager.googleapis.com');
    expect(connection.description).toBe('cloudresourcemanager.googleapis.com');
  });

  it('falls back to Application Default Credentials without credentials', () => {
    const connection = createConnection(parseSettings({ endpoint: 'rm.internal.example:443' }));
    expect(connection.clientOptions).toMatchObject({
      apiEndpoint: 'rm.internal.example',
      port: 443,
    });
    expect(connection.clientOptions.auth).toBeInstanceOf(GoogleAuth);
  });
});
