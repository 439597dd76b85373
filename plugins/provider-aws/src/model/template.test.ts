import { describe, expect, it } from 'vitest';
import type { Resource } from '@kusion/sdk';
import { cfnLintErrors } from '../../test/cfn-lint.js';
import { buildTemplate, idsByLogicalId, templateHash, TEMPLATE_HASH_OUTPUT } from './template.js';

const context = { project: 'shop', stack: 'dev', workspace: 'prod', projectDir: '/tmp' };
const dlq: Resource = {
  id: 'aws:AWS::SQS::Queue:orders-dlq',
  type: 'AWS',
  attributes: { Type: 'AWS::SQS::Queue', Properties: { MessageRetentionPeriod: 1209600 } },
};
const orders: Resource = {
  id: 'aws:AWS::SQS::Queue:orders',
  type: 'AWS',
  dependsOn: ['aws:AWS::SQS::Queue:orders-dlq', 'test:elsewhere'],
  attributes: {
    Type: 'AWS::SQS::Queue',
    Properties: {
      VisibilityTimeout: 30,
      RedrivePolicy: {
        deadLetterTargetArn: '$kusion_path.aws:AWS::SQS::Queue:orders-dlq.Arn',
        maxReceiveCount: 3,
      },
    },
    DeletionPolicy: 'Retain',
  },
};
const parameter: Resource = {
  id: 'aws:AWS::SSM::Parameter:queue-url',
  type: 'AWS',
  attributes: {
    Type: 'AWS::SSM::Parameter',
    Properties: { Type: 'String', Value: '$kusion_path.aws:AWS::SQS::Queue:orders.Ref' },
  },
};

describe('the stack template', () => {
  const referencedAttributes = new Map([
    ['aws:AWS::SQS::Queue:orders', ['QueueUrl', 'Arn', 'Ref']],
  ]);
  const built = buildTemplate({
    resources: [orders, dlq, parameter],
    referencedAttributes,
    context,
  });

  it('has one resource per Kusion resource, named back through Metadata, with references and dependsOn wired natively', () => {
    expect(built.template.Resources['Orders']).toEqual({
      Type: 'AWS::SQS::Queue',
      Properties: {
        VisibilityTimeout: 30,
        RedrivePolicy: {
          deadLetterTargetArn: { 'Fn::GetAtt': ['OrdersDlq', 'Arn'] },
          maxReceiveCount: 3,
        },
        Tags: [
          { Key: 'kusion:project', Value: 'shop' },
          { Key: 'kusion:stack', Value: 'dev' },
          { Key: 'kusion:workspace', Value: 'prod' },
        ],
      },
      DeletionPolicy: 'Retain',
      DependsOn: ['OrdersDlq'],
      Metadata: { 'kusion:id': 'aws:AWS::SQS::Queue:orders' },
    });
    expect(built.template.Resources['QueueUrl']?.Properties?.['Value']).toEqual({ Ref: 'Orders' });
    expect([...idsByLogicalId(built.template)]).toEqual([
      ['Orders', 'aws:AWS::SQS::Queue:orders'],
      ['OrdersDlq', 'aws:AWS::SQS::Queue:orders-dlq'],
      ['QueueUrl', 'aws:AWS::SSM::Parameter:queue-url'],
    ]);
  });

  it('has an Output for exactly each attribute another provider references, and the template hash', () => {
    expect(built.outputs).toEqual([
      { key: 'OrdersArn', id: 'aws:AWS::SQS::Queue:orders', path: 'Arn' },
      { key: 'OrdersQueueUrl', id: 'aws:AWS::SQS::Queue:orders', path: 'QueueUrl' },
      { key: 'OrdersRef', id: 'aws:AWS::SQS::Queue:orders', path: 'Ref' },
    ]);
    expect(built.template.Outputs?.['OrdersQueueUrl']).toEqual({
      Description: 'aws:AWS::SQS::Queue:orders QueueUrl',
      Value: { 'Fn::GetAtt': ['Orders', 'QueueUrl'] },
    });
    expect(built.template.Outputs?.['OrdersRef']?.Value).toEqual({ Ref: 'Orders' });
    expect(built.template.Outputs?.[TEMPLATE_HASH_OUTPUT]?.Value).toBe(built.hash);
    expect(Object.keys(built.template.Outputs ?? {})).toHaveLength(4);
  });

  it('has no Outputs when nothing outside the stack references it', () => {
    const plain = buildTemplate({
      resources: [dlq],
      referencedAttributes: new Map([['aws:AWS::SQS::Queue:unknown', ['Arn']]]),
      context,
    });
    expect(plain.template.Outputs).toBeUndefined();
    expect(plain.hash).toBeUndefined();
  });

  it('makes no Output for what the attributes already hold', () => {
    const own = buildTemplate({
      resources: [dlq],
      referencedAttributes: new Map([
        [
          'aws:AWS::SQS::Queue:orders-dlq',
          ['Properties.QueueName', 'PhysicalResourceId', 'Type', 'Arn'],
        ],
      ]),
      context,
    });
    expect(own.outputs).toEqual([
      { key: 'OrdersDlqArn', id: 'aws:AWS::SQS::Queue:orders-dlq', path: 'Arn' },
    ]);
  });

  it('numbers Output keys that would collide', () => {
    const a: Resource = {
      id: 'aws:AWS::SQS::Queue:a',
      type: 'AWS',
      attributes: { Type: 'AWS::SQS::Queue' },
    };
    const ab: Resource = {
      id: 'aws:AWS::SQS::Queue:aB',
      type: 'AWS',
      attributes: { Type: 'AWS::SQS::Queue' },
    };
    const collide = buildTemplate({
      resources: [a, ab],
      referencedAttributes: new Map([
        ['aws:AWS::SQS::Queue:a', ['BArn']],
        ['aws:AWS::SQS::Queue:aB', ['Arn']],
      ]),
      context,
    });
    expect(collide.outputs.map((output) => output.key)).toEqual(['ABArn', 'ABArn2']);
  });

  it('hashes the same whatever the order of keys and resources', () => {
    const reordered = buildTemplate({
      resources: [
        parameter,
        dlq,
        {
          ...orders,
          attributes: {
            DeletionPolicy: 'Retain',
            Properties: {
              RedrivePolicy: {
                maxReceiveCount: 3,
                deadLetterTargetArn: '$kusion_path.aws:AWS::SQS::Queue:orders-dlq.Arn',
              },
              VisibilityTimeout: 30,
            },
            Type: 'AWS::SQS::Queue',
          },
        },
      ],
      referencedAttributes,
      context,
    });
    expect(reordered.hash).toBe(built.hash);
    expect(templateHash({ ...built.template, Description: 'other' })).not.toBe(built.hash);
  });

  it('keeps the deployed definitions it is given (resources of a later wave)', () => {
    const later = {
      Type: 'AWS::SNS::Topic',
      Metadata: { 'kusion:id': 'aws:AWS::SNS::Topic:later' },
    };
    const wave = buildTemplate({
      resources: [dlq],
      kept: { Later: later },
      referencedAttributes: new Map(),
      context,
    });
    expect(wave.template.Resources['Later']).toBe(later);
    expect(wave.logicalIds.get('aws:AWS::SNS::Topic:later')).toBe('Later');
  });

  it('passes cfn-lint', async () => {
    expect(await cfnLintErrors(built.template)).toEqual([]);
  });
});
