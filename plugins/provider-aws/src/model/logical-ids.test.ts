import { describe, expect, it } from 'vitest';
import { assignLogicalIds, logicalIdOf } from './logical-ids.js';

describe('logical ids', () => {
  it.each([
    ['aws:AWS::SQS::Queue:orders', 'Orders'],
    ['aws:AWS::SQS::Queue:orders-dlq', 'OrdersDlq'],
    ['aws:AWS::SQS::Queue:orders_dead.letter', 'OrdersDeadLetter'],
    ['aws:AWS::S3::Bucket:assetsBucket', 'AssetsBucket'],
    ['aws:AWS::SNS::Topic:2fa-codes', 'R2faCodes'],
    ['aws:AWS::SNS::Topic:---', 'Resource'],
    ['plain', 'Plain'],
  ])('%s becomes %s', (id, logicalId) => {
    expect(logicalIdOf(id)).toBe(logicalId);
  });

  it('stays within 255 characters, keeping long ids apart', () => {
    const a = logicalIdOf(`aws:AWS::SQS::Queue:${'q'.repeat(300)}a`);
    const b = logicalIdOf(`aws:AWS::SQS::Queue:${'q'.repeat(300)}b`);
    expect(a).toHaveLength(255);
    expect(a).not.toBe(b);
    expect(a).toMatch(/^[A-Za-z][A-Za-z0-9]*$/);
  });

  it('reports ids that would share a logical id, every one of them', () => {
    const { logicalIds, collisions } = assignLogicalIds([
      'aws:AWS::SQS::Queue:orders-dlq',
      'aws:AWS::SQS::Queue:orders_dlq',
      'aws:AWS::SNS::Topic:orders.dlq',
      'aws:AWS::SQS::Queue:payments',
    ]);
    expect(collisions).toEqual([
      {
        logicalId: 'OrdersDlq',
        ids: [
          'aws:AWS::SQS::Queue:orders-dlq',
          'aws:AWS::SQS::Queue:orders_dlq',
          'aws:AWS::SNS::Topic:orders.dlq',
        ],
      },
    ]);
    expect(logicalIds.get('aws:AWS::SQS::Queue:payments')).toBe('Payments');
  });
});
