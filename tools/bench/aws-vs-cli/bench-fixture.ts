// The 20 resources both tools deploy, written once and rendered for each: a Kusion project (AWS
// resources in dev/main.yaml, a workspace naming moto) and a CloudFormation template for the aws
// CLI with the same resources, properties and ownership tags Kusion adds.
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

export const PROJECT = 'bench';
export const WORKSPACE = 'bench';
/** The stack Kusion derives: kusion-<project>-<stack>-<workspace>. */
export const KUSION_STACK = `kusion-${PROJECT}-dev-${WORKSPACE}`;
export const CLI_STACK = 'aws-cli-bench';

interface BenchResource {
  readonly name: string;
  readonly type: string;
  readonly properties: Readonly<Record<string, unknown>>;
}

/** 10 SQS queues, 5 SNS topics, 5 S3 buckets; `visibilityTimeout` changes the queues for the update run. */
export function benchResources(prefix: string, visibilityTimeout: number): BenchResource[] {
  return [
    ...Array.from({ length: 10 }, (_, i) => ({
      name: `queue${i}`,
      type: 'AWS::SQS::Queue',
      properties: { QueueName: `${prefix}-q${i}`, VisibilityTimeout: visibilityTimeout },
    })),
    ...Array.from({ length: 5 }, (_, i) => ({
      name: `topic${i}`,
      type: 'AWS::SNS::Topic',
      properties: { TopicName: `${prefix}-t${i}` },
    })),
    ...Array.from({ length: 5 }, (_, i) => ({
      name: `bucket${i}`,
      type: 'AWS::S3::Bucket',
      properties: { BucketName: `${prefix}-b${i}` },
    })),
  ];
}

export function writeKusionProject(
  dir: string,
  endpoint: string,
  resources: readonly BenchResource[],
): void {
  mkdirSync(join(dir, 'dev'), { recursive: true });
  writeFileSync(join(dir, 'project.yaml'), `name: ${PROJECT}\n`);
  writeFileSync(join(dir, 'dev', 'stack.yaml'), 'name: dev\n');
  writeFileSync(
    join(dir, 'workspace.yaml'),
    JSON.stringify({ providers: { aws: { region: 'us-east-1', endpoint } } }, null, 2),
  );
  const spec = resources.map((resource) => ({
    id: `aws:${resource.type}:${resource.name}`,
    type: 'AWS',
    attributes: { Type: resource.type, Properties: resource.properties },
  }));
  writeFileSync(join(dir, 'dev', 'main.yaml'), JSON.stringify({ resources: spec }, null, 2));
}

export function writeCliTemplate(file: string, resources: readonly BenchResource[]): void {
  const tags = [
    { Key: 'kusion:project', Value: PROJECT },
    { Key: 'kusion:stack', Value: 'dev' },
    { Key: 'kusion:workspace', Value: WORKSPACE },
  ];
  const logicalId = (name: string): string => name.charAt(0).toUpperCase() + name.slice(1);
  const template = {
    AWSTemplateFormatVersion: '2010-09-09',
    Resources: Object.fromEntries(
      resources.map((resource) => [
        logicalId(resource.name),
        { Type: resource.type, Properties: { ...resource.properties, Tags: tags } },
      ]),
    ),
  };
  writeFileSync(file, JSON.stringify(template, null, 2));
}
