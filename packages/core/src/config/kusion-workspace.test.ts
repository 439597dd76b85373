import { mkdtemp, realpath, rm, writeFile } from 'node:fs/promises';
import { homedir, tmpdir } from 'node:os';
import { join } from 'node:path';
import { ConfigError } from '@kusion/sdk';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { adaptKusionWorkspace as adaptTyped } from './kusion-workspace.js';
import { readWorkspaceFile } from './workspace-file.js';

/** Documents as YAML gives them: any keys. */
const adaptKusionWorkspace = (document: Record<string, unknown>) => adaptTyped(document);

describe('Kusion workspace keys', () => {
  it('reads secretStore.provider.<cloud> as our { provider: <cloud>, ...settings }', () => {
    const { value, problems } = adaptKusionWorkspace({
      secretStore: { provider: { aws: { region: 'us-east-1', profile: 'team' } } },
    });
    expect(problems).toEqual([]);
    expect(value.secretStore).toEqual({ provider: 'aws', region: 'us-east-1', profile: 'team' });
  });

  it('refuses an object form naming two secret stores, naming both', () => {
    const { problems } = adaptKusionWorkspace({
      secretStore: { provider: { aws: { region: 'us-east-1' }, vault: { server: 'x' } } },
    });
    expect(problems).toEqual([
      {
        path: ['secretStore', 'provider'],
        message: expect.stringContaining('received aws and vault') as string,
      },
    ]);
  });

  it('turns Kusion context keys into provider settings, keeping the context', () => {
    const { value, notices } = adaptKusionWorkspace({
      context: {
        KUBECONFIG_PATH: '$HOME/.kube/dev',
        AWS_REGION: 'eu-west-1',
        AWS_ACCESS_KEY_ID: 'ref://aws/id',
        AWS_SECRET_ACCESS_KEY: 'ref://aws/secret',
      },
    });
    expect(notices).toEqual([]);
    expect(value.providers).toEqual({
      kubernetes: { kubeconfig: join(homedir(), '.kube/dev') },
      aws: {
        region: 'eu-west-1',
        accessKeyId: 'ref://aws/id',
        secretAccessKey: 'ref://aws/secret',
      },
    });
    expect(value.context).toHaveProperty('KUBECONFIG_PATH', '$HOME/.kube/dev');
  });

  it('prefers KUBECONFIG_CONTENT over KUBECONFIG_PATH and kubernetes.kubeConfig, as Kusion does', () => {
    const { value } = adaptKusionWorkspace({
      context: {
        KUBECONFIG_CONTENT: 'apiVersion: v1',
        KUBECONFIG_PATH: '/a',
        kubernetes: { kubeConfig: '/b' },
      },
    });
    expect(value.providers).toEqual({ kubernetes: { kubeconfigContent: 'apiVersion: v1' } });
    expect(
      adaptKusionWorkspace({ context: { kubernetes: { kubeConfig: '/etc/kubeconfig.yaml' } } })
        .value.providers,
    ).toEqual({ kubernetes: { kubeconfig: '/etc/kubeconfig.yaml' } });
  });

  it('lets our providers.<name> setting win, with a notice naming both', () => {
    const { value, notices } = adaptKusionWorkspace({
      providers: { kubernetes: { kubeconfig: '/ours' }, aws: { region: 'us-west-2' } },
      context: { KUBECONFIG_PATH: '/theirs', AWS_REGION: 'eu-west-1' },
    });
    expect(value.providers).toEqual({
      kubernetes: { kubeconfig: '/ours' },
      aws: { region: 'us-west-2' },
    });
    expect(notices.map((notice) => notice.message)).toEqual([
      "providers.kubernetes.kubeconfig and context.KUBECONFIG_PATH (Kusion's) both set the kubeconfig; using providers.kubernetes.kubeconfig",
      "providers.aws.region and context.AWS_REGION (Kusion's) both set the AWS region; using providers.aws.region",
    ]);
  });

  it('is idempotent: a workspace stored adapted reads the same, without notices', () => {
    const once = adaptKusionWorkspace({
      context: { KUBECONFIG_CONTENT: 'x', KUBECONFIG_PATH: '/a', AWS_REGION: 'eu-west-1' },
      secretStore: { provider: { aws: { region: 'eu-west-1' } } },
    });
    const twice = adaptKusionWorkspace(once.value);
    expect(twice.value).toEqual(once.value);
    expect(twice.notices).toEqual([]);
  });
});

describe('a Kusion workspace file', () => {
  let dir: string;
  beforeEach(async () => {
    dir = await realpath(await mkdtemp(join(tmpdir(), 'kusion-ws-')));
  });
  afterEach(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it("passes unchanged (a workspace in Kusion's format), with module path/version kept", async () => {
    const file = join(dir, 'dev.yaml');
    await writeFile(
      file,
      [
        'modules:',
        '  postgres:',
        '    path: oci://ghcr.io/kusionstack/postgres',
        '    version: 0.2.0',
        '    configs:',
        '      default:',
        '        type: aws',
        '        size: 20',
        '      largeDisks:',
        '        projectSelector:',
        '          - billing',
        '        size: 100',
        'context:',
        '  kubernetes:',
        '    kubeConfig: /etc/kusion/kubeconfig.yaml',
        'secretStore:',
        '  provider:',
        '    aws:',
        '      region: us-east-1',
        '',
      ].join('\n'),
    );
    const { workspace, notices } = await readWorkspaceFile(file, 'dev');
    expect(notices).toEqual([]);
    expect(workspace.providers).toEqual({
      kubernetes: { kubeconfig: '/etc/kusion/kubeconfig.yaml' },
    });
    expect(workspace.secretStore).toEqual({ provider: 'aws', region: 'us-east-1' });
    expect(workspace.modules?.postgres).toMatchObject({
      path: 'oci://ghcr.io/kusionstack/postgres',
      version: '0.2.0',
    });
  });

  it('names the file and line of a Kusion key our setting overrides', async () => {
    const file = join(dir, 'dev.yaml');
    await writeFile(
      file,
      'providers:\n  kubernetes: { kubeconfig: /ours }\ncontext:\n  KUBECONFIG_PATH: /theirs\n',
    );
    const { notices } = await readWorkspaceFile(file, 'dev');
    expect(notices).toEqual([
      `${file}:4: providers.kubernetes.kubeconfig and context.KUBECONFIG_PATH (Kusion's) both set the kubeconfig; using providers.kubernetes.kubeconfig`,
    ]);
  });

  it('refuses two secret stores at their line', async () => {
    const file = join(dir, 'dev.yaml');
    await writeFile(
      file,
      'secretStore:\n  provider:\n    aws: { region: us-east-1 }\n    vault: { server: x }\n',
    );
    const error = await readWorkspaceFile(file, 'dev').catch((reason: unknown) => reason);
    expect(error).toBeInstanceOf(ConfigError);
    expect((error as ConfigError).diagnostics).toContainEqual(
      expect.objectContaining({
        line: 2,
        message: expect.stringContaining('received aws and vault') as string,
      }),
    );
  });
});
