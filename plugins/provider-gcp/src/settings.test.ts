import { isKusionError } from '@kusion/sdk';
import { describe, expect, it } from 'vitest';
import { parseSettings } from './settings.js';

const KEY = JSON.stringify({
  type: 'service_account',
  client_email: 'deployer@shop.iam.gserviceaccount.com',
  private_key: '-----BEGIN PRIVATE KEY-----\nMIIEvQ-very-secret\n-----END PRIVATE KEY-----\n',
});

function failure(settings: Record<string, unknown>): string {
  try {
    parseSettings(settings);
  } catch (error) {
    expect(isKusionError(error) && error.code).toBe('PROVIDER_FAILED');
    return (error as Error).message;
  }
  throw new Error('expected the settings to be refused');
}

describe('providers.gcp settings', () => {
  it('accepts a parent, credentials as JSON text (a resolved ref://) and a loopback endpoint', () => {
    const settings = parseSettings({
      parent: 'organizations/123456789012',
      credentials: KEY,
      endpoint: '127.0.0.1:8085',
      restEndpoint: 'http://127.0.0.1:8086/',
    });
    expect(settings.parent).toBe('organizations/123456789012');
    expect(settings.credentials).toMatchObject({ type: 'service_account' });
    expect(settings.endpoint).toEqual({ host: '127.0.0.1', port: 8085, isLoopback: true });
    expect(settings.restEndpoint).toBe('http://127.0.0.1:8086');
    expect(parseSettings({ endpoint: 'rm.example.com:443' }).endpoint?.isLoopback).toBe(false);
    expect(parseSettings({ endpoint: 'localhost:9' }).endpoint?.isLoopback).toBe(true);
  });

  it('reports every problem at once, naming the setting, what came and what is expected', () => {
    const message = failure({
      parent: 'orgs/1',
      endpoint: 'http://127.0.0.1',
      restEndpoint: 'ftp://x',
      regoin: 'eu',
    });
    expect(message).toContain(
      '"parent" must be "organizations/<number>" or "folders/<number>", received "orgs/1"',
    );
    expect(message).toContain('"endpoint" must be "host:port"');
    expect(message).toContain('"restEndpoint" must be an http(s) URL');
    expect(message).toContain(
      'unknown setting "regoin" (known: parent, credentials, endpoint, restEndpoint)',
    );
  });

  it('never quotes credentials, however they are wrong', () => {
    const secret = 'not-json-but-secret-material';
    const broken = failure({ credentials: secret });
    expect(broken).toContain(`a string of ${secret.length} characters that is not JSON`);
    expect(broken).not.toContain(secret);

    const partial = JSON.stringify({ type: 'service_account', private_key: 'secret-key-body' });
    const missing = failure({ credentials: partial });
    expect(missing).toContain('a service account key without client_email');
    expect(missing).not.toContain('secret-key-body');

    const typed = failure({ credentials: { type: 'hunter2-type' } });
    expect(typed).toContain('"type" is a string of 12 characters');
    expect(typed).not.toContain('hunter2');
  });
});
