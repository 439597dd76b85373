import { describe, expect, it } from 'vitest';
import { parseS3Settings } from './settings.js';

describe('s3 backend settings', () => {
  it('takes a bucket alone, with path-style off against AWS itself', () => {
    expect(parseS3Settings({ bucket: 'kusion-state' }, {})).toEqual({
      bucket: 'kusion-state',
      prefix: '',
      region: undefined,
      endpoint: undefined,
      profile: undefined,
      forcePathStyle: false,
    });
  });

  it('normalises the prefix and defaults to path style with an endpoint (settings or environment)', () => {
    const settings = parseS3Settings(
      {
        bucket: 'kusion-state',
        prefix: '/team-a//prod',
        region: 'eu-west-1',
        endpoint: 'http://127.0.0.1:9000',
        profile: 'ops',
      },
      {},
    );
    expect(settings).toMatchObject({
      prefix: 'team-a/prod/',
      forcePathStyle: true,
      profile: 'ops',
    });
    expect(
      parseS3Settings({ bucket: 'kusion-state' }, { AWS_ENDPOINT_URL: 'http://127.0.0.1:5000' })
        .forcePathStyle,
    ).toBe(true);
    expect(
      parseS3Settings(
        { bucket: 'kusion-state', endpoint: 'https://s3.example.com', forcePathStyle: false },
        {},
      ).forcePathStyle,
    ).toBe(false);
  });

  it('reports every problem together: missing bucket, unknown keys, wrong types', () => {
    let error: unknown;
    try {
      parseS3Settings(
        {
          bucket: 's3://Kusion',
          prefix: 3,
          endpoint: 'ftp://x',
          buckets: 'x',
          forcePathStyle: 'yes',
        },
        {},
      );
    } catch (caught) {
      error = caught;
    }
    expect(error).toMatchObject({
      code: 'CONFIG_INVALID',
      hint: expect.stringContaining('config.yaml'),
      diagnostics: [
        {
          message: '"bucket" must be a bucket name without "s3://", received "s3://Kusion"',
          path: 'configs.bucket',
        },
        {
          message: '"prefix" must be a key prefix such as "team-a/", received 3',
          path: 'configs.prefix',
        },
        {
          message: '"endpoint" must be an http:// or https:// URL, received "ftp://x"',
          path: 'configs.endpoint',
        },
        {
          message: expect.stringMatching(
            /^unknown setting "buckets" of the s3 backend \(known: bucket, prefix/,
          ),
          path: 'configs.buckets',
        },
        {
          message: '"forcePathStyle" must be true or false, received "yes"',
          path: 'configs.forcePathStyle',
        },
      ],
    });
    expect(() => parseS3Settings({}, {})).toThrow('"bucket" is required');
    expect(() => parseS3Settings({ bucket: 'ok-bucket', prefix: 'a/../b' }, {})).toThrow(
      'without "." or ".." segments',
    );
    expect(() => parseS3Settings({ bucket: 'ok-bucket', region: 'EU West' }, {})).toThrow(
      '"region" must be a region',
    );
  });

  it("accepts Kusion's accessKeyID/accessKeySecret, both or neither, never quoting them", () => {
    const parsed = parseS3Settings(
      {
        bucket: 'kusion',
        region: 'us-east-1',
        accessKeyID: 'AKIDEXAMPLE',
        accessKeySecret: 's3cr3t-value',
      },
      {},
    );
    expect(parsed.credentials).toEqual({
      accessKeyId: 'AKIDEXAMPLE',
      secretAccessKey: 's3cr3t-value',
    });
    expect(parseS3Settings({ bucket: 'kusion' }, {}).credentials).toBeUndefined();
    let message = '';
    try {
      parseS3Settings({ bucket: 'kusion', accessKeySecret: 's3cr3t-value' }, {});
    } catch (error) {
      message = `${(error as Error).message} ${JSON.stringify(error)}`;
    }
    expect(message).toContain('"accessKeyID" and "accessKeySecret" go together');
    expect(message).not.toContain('s3cr3t-value');
    expect(() =>
      parseS3Settings({ bucket: 'kusion', accessKeyID: 7, accessKeySecret: 'x' }, {}),
    ).toThrow('"accessKeyID" must be a non-empty string, received a number');
  });
});
