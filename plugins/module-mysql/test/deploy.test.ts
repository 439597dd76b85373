/**
 * What the mysql module generates deploys through the engine and the real providers: locally on
 * a kube-apiserver, and on AWS (moto, CloudFormation through provider-aws) with the connection
 * Secret on the kube-apiserver. Each deploy is followed by a preview that plans nothing and a
 * destroy; the derived local password is in no release or state file.
 */
import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import * as engine from '@kusion/core';
import { startCloudFormationInterposer } from '@kusion/emulators';
import type { CloudFormationInterposer } from '@kusion/emulators';
import type { Resource } from '@kusion/sdk';
import { awsCliJson, cfnLint, kubectlGetJson, motoEnv } from '@kusion/test-peers';
import { accessorySpec, createSpecDeployment, generateWithModule } from '@kusion/testkit/modules';
import type { SpecDeployment } from '@kusion/testkit/modules';
import plugin, { mysql } from '../src/index.js';

const kubeconfig = inject('kubeconfigPath');
const motoEndpoint = inject('motoEndpoint');
const seed = 'deploy-test-seed-0123456789abcdef';
const deployments: SpecDeployment[] = [];
/** In front of moto: it stands in for AWS::SecretsManager::Secret, which moto does not model. */
let interposer: CloudFormationInterposer;

beforeAll(async () => {
  interposer = await startCloudFormationInterposer({ upstream: motoEndpoint });
  // The engine runs in this process: provider-aws takes the endpoint and test credentials.
  Object.assign(process.env, motoEnv(interposer.endpoint));
});
afterAll(async () => {
  await Promise.all(deployments.map((deployment) => deployment.remove()));
  await interposer.close();
});

async function deploymentFor(
  project: string,
  workspace: Record<string, unknown>,
): Promise<SpecDeployment> {
  const deployment = await createSpecDeployment({ engine, project, workspace });
  deployments.push(deployment);
  return deployment;
}

function failures(resources: readonly { id: string; status: string; error?: string }[]): string[] {
  return resources
    .filter((r) => r.status !== 'succeeded')
    .map((r) => `${r.id}: ${r.status} ${r.error ?? ''}`);
}

async function filesUnder(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { recursive: true, withFileTypes: true });
  return entries
    .filter((entry) => entry.isFile())
    .map((entry) => join(entry.parentPath, entry.name));
}

describe('mysql type: local on a real kube-apiserver', () => {
  it('deploys the server and the workload wiring, keeps the password out of releases, and destroys it', async () => {
    const project = 'my-local';
    const deployment = await deploymentFor(project, { providers: { kubernetes: { kubeconfig } } });
    const outcome = await generateWithModule(plugin, {
      name: 'local',
      project,
      workspace: 'dev',
      part: { kind: 'accessory', name: 'db', value: mysql({ version: '8.4' }) },
      platform: { type: 'local', size: 1 },
      context: { databasePasswordSeed: seed },
    });
    const spec: Resource[] = accessorySpec(outcome);
    const deployed = await deployment.deploy(spec);
    expect(failures(deployed.resources)).toEqual([]);
    expect(deployed.resources.map((r) => r.id).sort()).toEqual(spec.map((r) => r.id).sort());

    const name = 'my-local-dev-my-local-db';
    const secret = await kubectlGetJson(kubeconfig, 'secret', name, project);
    const data = secret?.['data'] as Record<string, string>;
    const decoded = (key: string) => Buffer.from(data[key] ?? '', 'base64').toString('utf8');
    expect(decoded('host')).toBe(`${name}.${project}.svc`);
    const password = decoded('password');
    expect(password).toMatch(/^[A-Za-z0-9_-]{32}$/);
    expect(await kubectlGetJson(kubeconfig, 'statefulset', name, project)).toMatchObject({
      spec: { serviceName: name, template: { spec: { containers: [{ image: 'mysql:8.4' }] } } },
    });
    const workload = await kubectlGetJson(
      kubeconfig,
      'deployment',
      `${project}-dev-${project}`,
      project,
    );
    const env = (workload as { spec: { template: { spec: { containers: { env: unknown[] }[] } } } })
      .spec.template.spec.containers[0]?.env;
    expect(env).toContainEqual({
      name: 'DB_HOST',
      valueFrom: { secretKeyRef: { name, key: 'host' } },
    });
    expect(env).toContainEqual({
      name: 'DB_PASSWORD',
      valueFrom: { secretKeyRef: { name, key: 'password' } },
    });

    const plan = await deployment.preview();
    expect(plan.changes.filter((change) => change.action !== 'UnChanged')).toEqual([]);

    // Releases and state: the password is sealed or hashed, never in clear text.
    for (const file of await filesUnder(deployment.kusionHome)) {
      expect(await readFile(file, 'utf8'), file).not.toContain(password);
    }

    const destroyed = await deployment.destroy();
    expect(failures(destroyed.resources)).toEqual([]);
    expect(await kubectlGetJson(kubeconfig, 'statefulset', name, project)).toBeUndefined();
  });
});

describe('mysql type: aws on moto and a real kube-apiserver', () => {
  it('deploys RDS, its security group and generated secret, wires the endpoint into the Secret, and destroys them', async () => {
    const project = 'my-aws';
    const stackName = 'kusion-my-aws-dev';
    const deployment = await deploymentFor(project, {
      providers: {
        kubernetes: { kubeconfig },
        aws: { region: 'us-east-1', endpoint: interposer.endpoint, stackName },
      },
      secretStore: { provider: 'aws', region: 'us-east-1', endpoint: interposer.endpoint },
    });
    const outcome = await generateWithModule(plugin, {
      name: 'aws',
      project,
      workspace: 'dev',
      part: { kind: 'accessory', name: 'db', value: mysql({ version: '8.0.36' }) },
      platform: { type: 'aws', instanceType: 'db.t3.micro' },
    });
    const deployed = await deployment.deploy(accessorySpec(outcome));
    expect(failures(deployed.resources)).toEqual([]);

    const { DBInstances } = (await awsCliJson(motoEndpoint, 'rds', 'describe-db-instances')) as {
      DBInstances: {
        DBInstanceIdentifier: string;
        Engine: string;
        Endpoint: { Address: string; Port: number };
      }[];
    };
    const instance = DBInstances.find((db) => db.DBInstanceIdentifier === 'my-aws-dev-my-aws-db');
    expect(instance).toMatchObject({ Engine: 'mysql', Endpoint: { Port: 3306 } });

    // The password exists in AWS only, generated there; RDS reads it through a dynamic reference.
    const { SecretString } = (await awsCliJson(
      motoEndpoint,
      'secretsmanager',
      'get-secret-value',
      '--secret-id',
      'my-aws-dev-my-aws-db-dev-credentials',
    )) as { SecretString: string };
    const generated = JSON.parse(SecretString) as { username: string; password: string };
    expect(generated).toMatchObject({
      username: 'kusion',
      password: expect.stringMatching(/^.{32}$/),
    });

    // The endpoint crossed providers: from the RDS instance into the Kubernetes Secret.
    const secret = await kubectlGetJson(kubeconfig, 'secret', 'my-aws-dev-my-aws-db', project);
    const data = secret?.['data'] as Record<string, string>;
    const decoded = (key: string) => Buffer.from(data[key] ?? '', 'base64').toString('utf8');
    expect(decoded('host')).toBe(instance?.Endpoint.Address);
    expect(decoded('port')).toBe('3306');
    // The Spec holds a reference the engine resolved through the secret store when it applied the
    // Secret: the cluster has the password, the releases and state of the stack do not.
    expect(decoded('password')).toBe(generated.password);
    for (const file of await filesUnder(deployment.kusionHome)) {
      expect(await readFile(file, 'utf8'), file).not.toContain(generated.password);
    }

    // The template provider-aws deployed passes CloudFormation's own resource schemas.
    const { TemplateBody } = (await awsCliJson(
      interposer.endpoint, // the template as deployed, not moto's stand-ins
      'cloudformation',
      'get-template',
      '--stack-name',
      stackName,
    )) as { TemplateBody: unknown };
    const errors = (await cfnLint(TemplateBody)).filter((match) => match.level === 'Error');
    expect(errors).toEqual([]);

    const plan = await deployment.preview();
    expect(plan.changes.filter((change) => change.action !== 'UnChanged')).toEqual([]);

    const destroyed = await deployment.destroy();
    expect(failures(destroyed.resources)).toEqual([]);
    const after = (await awsCliJson(motoEndpoint, 'rds', 'describe-db-instances')) as {
      DBInstances: unknown[];
    };
    expect(after.DBInstances).toEqual([]);
    const secrets = (await awsCliJson(motoEndpoint, 'secretsmanager', 'list-secrets')) as {
      SecretList: unknown[];
    };
    expect(secrets.SecretList).toEqual([]);
  });
});
