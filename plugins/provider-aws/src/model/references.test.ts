import { describe, expect, it } from 'vitest';
import {
  findIntrinsics,
  fromIntrinsics,
  referencedIds,
  splitReference,
  toIntrinsics,
} from './references.js';

const dlq = 'aws:AWS::SQS::Queue:orders.dlq';
const orders = 'aws:AWS::SQS::Queue:orders';
const logicalIds = new Map([
  [dlq, 'OrdersDlq'],
  [orders, 'Orders'],
]);

describe('references between resources of a stack', () => {
  it('splits on the longest known id, since ids may contain dots', () => {
    expect(splitReference(`$kusion_path.${dlq}.Arn`, new Set([orders, dlq]))).toEqual({
      targetId: dlq,
      path: 'Arn',
    });
    expect(splitReference(`$kusion_path.${orders}.Endpoint.Address`, new Set([orders]))).toEqual({
      targetId: orders,
      path: 'Endpoint.Address',
    });
    expect(splitReference('$kusion_path.test:app.uid', new Set([orders]))).toBeUndefined();
  });

  it('turns .Ref into Ref and any other attribute into Fn::GetAtt', () => {
    const properties = {
      RedrivePolicy: { deadLetterTargetArn: `$kusion_path.${dlq}.Arn`, maxReceiveCount: 3 },
      Targets: [`$kusion_path.${orders}.Ref`, `$kusion_path.${orders}.QueueUrl`],
      External: '$kusion_path.test:app.uid',
      Plain: 'kept',
    };
    expect(toIntrinsics(properties, logicalIds)).toEqual({
      RedrivePolicy: {
        deadLetterTargetArn: { 'Fn::GetAtt': ['OrdersDlq', 'Arn'] },
        maxReceiveCount: 3,
      },
      Targets: [{ Ref: 'Orders' }, { 'Fn::GetAtt': ['Orders', 'QueueUrl'] }],
      External: '$kusion_path.test:app.uid',
      Plain: 'kept',
    });
  });

  it('reads a template back exactly as written', () => {
    const properties = {
      A: `$kusion_path.${dlq}.Arn`,
      B: [`$kusion_path.${orders}.Ref`],
      C: { Ref: 'AWS::Region' },
      D: { 'Fn::Sub': 'x-${AWS::StackName}' },
    };
    const ids = new Map([...logicalIds].map(([id, logicalId]) => [logicalId, id]));
    expect(fromIntrinsics(toIntrinsics(properties, logicalIds), ids)).toEqual(properties);
    expect(fromIntrinsics({ X: { 'Fn::GetAtt': 'Orders.Arn' } }, ids)).toEqual({
      X: `$kusion_path.${orders}.Arn`,
    });
  });

  it('finds raw Ref/Fn::GetAtt and referenced ids', () => {
    expect(
      findIntrinsics({ A: { Ref: 'Orders' }, B: [{ 'Fn::GetAtt': ['Dlq', 'Arn'] }] }, 'Properties'),
    ).toEqual([
      { path: 'Properties.A', logicalId: 'Orders' },
      { path: 'Properties.B[0]', logicalId: 'Dlq' },
    ]);
    expect(
      referencedIds(
        { a: [`$kusion_path.${dlq}.Arn`], b: '$kusion_path.other.x' },
        new Set([dlq, orders]),
      ),
    ).toEqual(new Set([dlq]));
  });
});
