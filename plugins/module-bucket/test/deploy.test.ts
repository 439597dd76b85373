/**
 * What the bucket module generates deploys on moto through the engine and provider-aws, its name
 * reaches the workload's env on the real kube-apiserver, a preview plans nothing more, and destroy
 * removes it.
 */
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import * as engine from '@kusion/core';
import { awsCliJson, cfnLint, kubectlGetJson, motoEnv } from '@kusion/test-peers';
import { accessorySpec, createSpecDeployment, generateWithModule } from '@kusion/testkit/modules';
import type { SpecDeployment } from '@kusion/testkit/modules';
import plugin, { bucket } from '../src/index.js';

const kubeconfig = inject('kubeconfigPath');
const motoEndpoint = inject('motoEndpoint');
let deployment: SpecDeployment | undefined;

beforeAll(() => {
  Object.assign(process.env, motoEnv(motoEndpoint)); // the engine runs in this process
});
afterAll(() => deployment?.remove());

describe('bucket module on moto', () => {
  it('deploys an encrypted S3 bucket whose name reaches the workload, and destroys it', async () => {
    const project = 'bucket-deploy';
    const stackName = 'kusion-bucket-deploy-dev';
    deployment = await createSpecDeployment({
      engine,
      project,
      workspace: {
        providers: {
          kubernetes: { kubeconfig },
          aws: { region: 'us-east-1', endpoint: motoEndpoint, stackName },
        },
      },
    });
    const outcome = await generateWithModule(plugin, {
      name: 'deploy',
      project,
      part: { kind: 'accessory', name: 'assets', value: bucket({ versioning: true }) },
      platform: { type: 'aws' },
    });
    const deployed = await deployment.deploy(accessorySpec(outcome));
    expect(deployed.resources.filter((r) => r.status !== 'succeeded')).toEqual([]);

    const { StackResourceSummaries } = (await awsCliJson(
      motoEndpoint,
      'cloudformation',
      'list-stack-resources',
      '--stack-name',
      stackName,
    )) as { StackResourceSummaries: { ResourceType: string; PhysicalResourceId: string }[] };
    const name = StackResourceSummaries.find(
      (r) => r.ResourceType === 'AWS::S3::Bucket',
    )?.PhysicalResourceId;
    const { Buckets } = (await awsCliJson(motoEndpoint, 's3api', 'list-buckets')) as {
      Buckets: { Name: string }[];
    };
    expect(Buckets.map((b) => b.Name)).toContain(name);
    const encryption = (await awsCliJson(
      motoEndpoint,
      's3api',
      'get-bucket-encryption',
      '--bucket',
      name ?? '',
    )) as {
      ServerSideEncryptionConfiguration: {
        Rules: { ApplyServerSideEncryptionByDefault: { SSEAlgorithm: string } }[];
      };
    };
    expect(
      encryption.ServerSideEncryptionConfiguration.Rules[0]?.ApplyServerSideEncryptionByDefault
        .SSEAlgorithm,
    ).toBe('AES256');

    const workload = await kubectlGetJson(
      kubeconfig,
      'deployment',
      `${project}-dev-${project}`,
      project,
    );
    const env = (workload as { spec: { template: { spec: { containers: { env: unknown[] }[] } } } })
      .spec.template.spec.containers[0]?.env;
    expect(env).toContainEqual({ name: 'BUCKET_NAME', value: name });
    expect(env).toContainEqual({
      name: 'BUCKET_ENDPOINT',
      value: `${name ?? ''}.s3.us-east-1.amazonaws.com`,
    });

    const { TemplateBody } = (await awsCliJson(
      motoEndpoint,
      'cloudformation',
      'get-template',
      '--stack-name',
      stackName,
    )) as {
      TemplateBody: unknown;
    };
    expect((await cfnLint(TemplateBody)).filter((match) => match.level === 'Error')).toEqual([]);

    const plan = await deployment.preview();
    expect(plan.changes.filter((change) => change.action !== 'UnChanged')).toEqual([]);
    const destroyed = await deployment.destroy();
    expect(destroyed.status).toBe('succeeded');
    const after = (await awsCliJson(motoEndpoint, 's3api', 'list-buckets')) as {
      Buckets: { Name: string }[];
    };
    expect(after.Buckets.map((b) => b.Name)).not.toContain(name);
  });
});
