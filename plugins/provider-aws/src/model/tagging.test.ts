import { describe, expect, it } from 'vitest';
import { cfnLint } from '../../test/cfn-lint.js';
import {
  reservedTagKeys,
  TAGGABLE_TYPES,
  withOwnershipTags,
  withoutOwnershipTags,
} from './tagging.js';

const context = { project: 'shop', stack: 'dev', workspace: 'prod', projectDir: '/tmp' };
const ownList = [
  { Key: 'kusion:project', Value: 'shop' },
  { Key: 'kusion:stack', Value: 'dev' },
  { Key: 'kusion:workspace', Value: 'prod' },
];

describe('ownership tags', () => {
  it('are appended to list-form Tags, after the user’s own', () => {
    expect(
      withOwnershipTags('AWS::SQS::Queue', { Tags: [{ Key: 'team', Value: 'a' }] }, context),
    ).toEqual({ Tags: [{ Key: 'team', Value: 'a' }, ...ownList] });
    expect(withOwnershipTags('AWS::SQS::Queue', undefined, context)).toEqual({ Tags: ownList });
  });

  it('are merged into map-form Tags (AWS::SSM::Parameter)', () => {
    expect(
      withOwnershipTags('AWS::SSM::Parameter', { Name: 'p', Tags: { team: 'a' } }, context),
    ).toEqual({
      Name: 'p',
      Tags: {
        team: 'a',
        'kusion:project': 'shop',
        'kusion:stack': 'dev',
        'kusion:workspace': 'prod',
      },
    });
  });

  it('are not added to types without tags, nor to Tags written as an intrinsic function', () => {
    expect(withOwnershipTags('AWS::SQS::QueuePolicy', { Queues: [] }, context)).toEqual({
      Queues: [],
    });
    const conditional = { Tags: { 'Fn::If': ['IsProd', [], []] } };
    expect(withOwnershipTags('AWS::SQS::Queue', conditional, context)).toBe(conditional);
  });

  it('strip back to exactly what the user wrote, dropping empty Tags and Properties', () => {
    for (const [type, properties] of [
      ['AWS::SQS::Queue', { VisibilityTimeout: 30, Tags: [{ Key: 'team', Value: 'a' }] }],
      ['AWS::SSM::Parameter', { Name: 'p', Tags: { team: 'a' } }],
      ['AWS::SNS::Topic', { TopicName: 't' }],
    ] as const) {
      expect(withoutOwnershipTags(type, withOwnershipTags(type, properties, context))).toEqual(
        properties,
      );
    }
    expect(
      withoutOwnershipTags(
        'AWS::SQS::Queue',
        withOwnershipTags('AWS::SQS::Queue', { Tags: [] }, context),
      ),
    ).toBeUndefined();
  });

  it('reserve the kusion: prefix', () => {
    expect(
      reservedTagKeys('AWS::SQS::Queue', {
        Tags: [
          { Key: 'kusion:stack', Value: 'x' },
          { Key: 'team', Value: 'a' },
        ],
      }),
    ).toEqual(['kusion:stack']);
    expect(reservedTagKeys('AWS::SSM::Parameter', { Tags: { 'kusion:project': 'x' } })).toEqual([
      'kusion:project',
    ]);
  });

  it('use the form CloudFormation documents for every listed type (cfn-lint)', async () => {
    const resources = Object.fromEntries(
      [...TAGGABLE_TYPES.keys()].map((type, index) => [
        `R${index}`,
        { Type: type, Properties: withOwnershipTags(type, undefined, context) },
      ]),
    );
    // Two controls prove the check can fail: Tags on a type without them, and the wrong form.
    const controls = {
      ControlNoTags: { Type: 'AWS::SQS::QueuePolicy', Properties: { Tags: ownList } },
      ControlWrongForm: { Type: 'AWS::SSM::Parameter', Properties: { Tags: ownList } },
    };
    const matches = await cfnLint({
      AWSTemplateFormatVersion: '2010-09-09',
      Resources: { ...resources, ...controls },
    });
    // Missing required properties are expected (none are given); anything about Tags is not.
    const aboutTags = matches.filter(
      (match) => match.path.includes('Tags') || /Tags/.test(match.message),
    );
    expect(new Set(aboutTags.map((match) => match.path[1]))).toEqual(
      new Set(['ControlNoTags', 'ControlWrongForm']),
    );
    const unknownTypes = matches.filter((match) => match.rule === 'E3006');
    expect(unknownTypes).toEqual([]);
  });
});
