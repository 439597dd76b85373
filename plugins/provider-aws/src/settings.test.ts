import { describe, expect, it } from 'vitest';
import { parseProviderSettings, parseSecretStoreSettings } from './settings.js';
import { deriveStackName } from './model/stack-name.js';

describe('settings', () => {
  it('takes static credentials (Kusion context AWS_ACCESS_KEY_ID / AWS_SECRET_ACCESS_KEY), both or neither', () => {
    expect(
      parseProviderSettings({ accessKeyId: 'AKIDEXAMPLE', secretAccessKey: 'wJalr-secret' }),
    ).toEqual({ accessKeyId: 'AKIDEXAMPLE', secretAccessKey: 'wJalr-secret' });
    expect(() => parseProviderSettings({ accessKeyId: 'AKIDEXAMPLE' })).toThrow(
      '"accessKeyId" and "secretAccessKey" go together',
    );
    expect(() =>
      parseProviderSettings({ accessKeyId: 'AKIDEXAMPLE', secretAccessKey: '' }),
    ).toThrow(/"secretAccessKey" must be a non-empty string, received a string of 0 characters/);
  });

  it('accepts the documented settings', () => {
    const settings = {
      region: 'eu-west-1',
      profile: 'prod',
      endpoint: 'http://127.0.0.1:5000',
      roleArn: 'arn:aws:iam::123456789012:role/deployer',
      stackName: 'shop-prod',
    };
    expect(parseProviderSettings(settings)).toEqual(settings);
    expect(parseProviderSettings({})).toEqual({});
  });

  it('refuses unknown and invalid settings, all at once, without echoing values that may be secret', () => {
    const attempt = () =>
      parseProviderSettings({
        regoin: 'eu-west-1',
        region: 'Europe',
        endpoint: 'ftp://x',
        roleArn: 's3cr3t',
        stackName: '9lives',
      });
    expect(attempt).toThrow(
      'invalid settings for provider "aws": unknown setting "regoin" (known: region, profile, endpoint, roleArn, accessKeyId, secretAccessKey, stackName); ' +
        '"region" must be an AWS region such as "eu-west-1", received "Europe"; "endpoint" must be an http(s) URL, received a string of 7 characters; ' +
        '"roleArn" must be an IAM role ARN such as "arn:aws:iam::123456789012:role/deployer", received a string of 6 characters; ' +
        '"stackName" must be a CloudFormation stack name: a letter, then letters, digits and hyphens, at most 128 characters, received "9lives"',
    );
    expect(() => parseSecretStoreSettings({ stackName: 'x' })).toThrow(
      'invalid settings for secret store "aws": unknown setting "stackName" (known: region, profile, endpoint, roleArn, accessKeyId, secretAccessKey)',
    );
  });

  it('derives a valid stack name from project, stack and workspace', () => {
    expect(
      deriveStackName({ project: 'shop', stack: 'dev', workspace: 'prod', projectDir: '/' }),
    ).toBe('kusion-shop-dev-prod');
    expect(
      deriveStackName({
        project: 'my_app',
        stack: 'eu/west',
        workspace: 'prod.1',
        projectDir: '/',
      }),
    ).toBe('kusion-my-app-eu-west-prod-1');
    const long = deriveStackName({
      project: 'p'.repeat(200),
      stack: 's',
      workspace: 'w',
      projectDir: '/',
    });
    expect(long).toHaveLength(128);
    expect(long).toMatch(/^[A-Za-z][-A-Za-z0-9]*$/);
  });
});
