import { describe, expect, it } from 'vitest';
import type { Resource } from '@kusion/sdk';
import { validateResources } from './validation.js';

const resource = (id: string, attributes: Record<string, unknown>): Resource => ({
  id,
  type: 'AWS',
  attributes,
});

describe('validation', () => {
  it('accepts well-formed resources', () => {
    expect(
      validateResources(
        [
          resource('aws:AWS::SQS::Queue:orders', {
            Type: 'AWS::SQS::Queue',
            Properties: { VisibilityTimeout: 30 },
            DeletionPolicy: 'Retain',
            UpdateReplacePolicy: 'Snapshot',
          }),
          resource('aws:Custom::Seeder:seed', {
            Type: 'Custom::Seeder',
            Properties: { ServiceToken: 'arn' },
          }),
          resource('queue', {
            Type: 'AWS::SQS::Queue',
            Properties: {
              QueueName: { 'Fn::Sub': '${AWS::StackName}-q' },
              Region: { Ref: 'AWS::Region' },
            },
          }),
        ],
        'stack',
      ),
    ).toEqual([]);
  });

  it('reports every problem at once, naming the resource and the fix', () => {
    const messages = validateResources(
      [
        resource('aws:AWS::SQS::Queue:orders-dlq', { Type: 'AWS::SQS::Queue', Propertes: {} }),
        resource('aws:AWS::SQS::Queue:orders_dlq', { Type: 'AWS::SNS::Topic', Properties: [] }),
        resource('aws:AWS::SQS::Queue:bad', { Type: 'queue', DeletionPolicy: 'Keep' }),
        resource('aws:AWS::SQS::Queue:raw', {
          Type: 'AWS::SQS::Queue',
          Properties: {
            RedrivePolicy: { deadLetterTargetArn: { 'Fn::GetAtt': ['Tagged', 'Arn'] } },
          },
        }),
        resource('aws:AWS::SQS::Queue:tagged', {
          Type: 'AWS::SQS::Queue',
          Properties: { Tags: [{ Key: 'kusion:project', Value: 'x' }] },
        }),
      ],
      'kusion-shop-dev-prod',
    ).map((diagnostic) => diagnostic.message);
    expect(messages).toEqual([
      'aws:AWS::SQS::Queue:orders-dlq: unknown attribute "Propertes" (allowed: Type, Properties, DeletionPolicy, UpdateReplacePolicy); write CloudFormation properties under Properties',
      'aws:AWS::SQS::Queue:orders_dlq: the id names type AWS::SQS::Queue but Type is AWS::SNS::Topic',
      'aws:AWS::SQS::Queue:orders_dlq: Properties must be an object',
      'aws:AWS::SQS::Queue:bad: Type must be a CloudFormation resource type such as "AWS::SQS::Queue", received "queue"',
      'aws:AWS::SQS::Queue:bad: DeletionPolicy must be one of Delete, Retain, Snapshot, RetainExceptOnCreate, received "Keep"',
      '"aws:AWS::SQS::Queue:orders-dlq", "aws:AWS::SQS::Queue:orders_dlq" all become logical id "OrdersDlq" in stack kusion-shop-dev-prod: rename all but one (the last ":" segment names the resource; only letters and digits count)',
      'aws:AWS::SQS::Queue:raw: refers to "Tagged" with a raw Ref/Fn::GetAtt: write "$kusion_path.aws:AWS::SQS::Queue:tagged.Ref" (or .<Attribute>) so Kusion knows the dependency',
      'aws:AWS::SQS::Queue:tagged: tag "kusion:project" uses the prefix "kusion:", which Kusion reserves for its ownership tags',
    ]);
  });
});
