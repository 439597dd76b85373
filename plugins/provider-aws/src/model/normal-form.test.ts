import { describe, expect, it } from 'vitest';
import type { Resource } from '@kusion/sdk';
import {
  desiredTemplatePart,
  extraAttributePaths,
  normalAttributes,
  templatePartFrom,
} from './normal-form.js';
import { buildTemplate, idsByLogicalId } from './template.js';

const context = { project: 'shop', stack: 'dev', workspace: 'prod', projectDir: '/tmp' };
const queue: Resource = {
  id: 'aws:AWS::SQS::Queue:orders',
  type: 'AWS',
  attributes: {
    Type: 'AWS::SQS::Queue',
    Properties: {
      RedrivePolicy: { deadLetterTargetArn: '$kusion_path.aws:AWS::SQS::Queue:dlq.Arn' },
      Tags: [],
    },
    UpdateReplacePolicy: 'Retain',
  },
};
const dlq: Resource = {
  id: 'aws:AWS::SQS::Queue:dlq',
  type: 'AWS',
  attributes: { Type: 'AWS::SQS::Queue', Properties: {} },
};

describe('the normal form', () => {
  it('reads a deployed template back to what the user wrote, minus empty Tags and Properties', () => {
    const built = buildTemplate({
      resources: [queue, dlq],
      referencedAttributes: new Map(),
      context,
    });
    const ids = idsByLogicalId(built.template);
    const deployed = built.template.Resources['Orders'];
    expect(deployed && templatePartFrom(deployed, ids)).toEqual({
      Type: 'AWS::SQS::Queue',
      Properties: {
        RedrivePolicy: { deadLetterTargetArn: '$kusion_path.aws:AWS::SQS::Queue:dlq.Arn' },
      },
      UpdateReplacePolicy: 'Retain',
    });
    expect(desiredTemplatePart(queue, built.logicalIds, context)).toEqual(
      deployed && templatePartFrom(deployed, ids),
    );
    expect(desiredTemplatePart(dlq, built.logicalIds, context)).toEqual({
      Type: 'AWS::SQS::Queue',
    });
  });

  it('adds the deployment facts, referenced attributes at their own paths', () => {
    const attributes = normalAttributes(
      { Type: 'AWS::RDS::DBInstance' },
      {
        stackName: 's',
        logicalId: 'Db',
        physicalId: 'db-1',
        values: new Map<string, unknown>([
          ['Endpoint.Address', 'db.example'],
          ['Arn', 'arn:db'],
        ]),
      },
    );
    expect(attributes).toEqual({
      Type: 'AWS::RDS::DBInstance',
      StackName: 's',
      LogicalResourceId: 'Db',
      PhysicalResourceId: 'db-1',
      Ref: 'db-1',
      Endpoint: { Address: 'db.example' },
      Arn: 'arn:db',
    });
    expect(extraAttributePaths(attributes)).toEqual(['Endpoint.Address', 'Arn']);
  });

  it('takes Ref from the values when CloudFormation says it is not the physical id', () => {
    expect(
      normalAttributes(
        { Type: 'T::T::T' },
        { stackName: 's', logicalId: 'L', physicalId: 'p', values: new Map([['Ref', 'r']]) },
      )['Ref'],
    ).toBe('r');
  });
});
