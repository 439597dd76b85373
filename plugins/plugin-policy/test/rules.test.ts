import type { ChangeAction, Plan, PlannedChange, Resource } from '@kusion/sdk';
import { describe, expect, it } from 'vitest';
import { evaluatePolicy } from '../src/evaluate.js';
import type { PolicyRule } from '../src/types.js';

function change(action: ChangeAction, resource: Resource, prior?: Resource): PlannedChange {
  return {
    id: resource.id,
    type: resource.type,
    action,
    reason: action === 'Delete' ? 'removed from spec' : 'spec changed',
    diff: [],
    ...(action === 'Delete' ? {} : { desired: resource }),
    ...(prior ? { prior } : action === 'Delete' ? { prior: resource } : {}),
  };
}

function planOf(workspace: string, ...changes: PlannedChange[]): Plan {
  return {
    project: 'shop',
    stack: 'app',
    workspace,
    changes,
    summary: { create: 0, update: 0, replace: 0, delete: 0, unchanged: 0 },
  };
}

const aws = (id: string, type: string, properties: Record<string, unknown>): Resource => ({
  id,
  type: 'AWS',
  attributes: { Type: type, Properties: properties },
});
const kube = (name: string, extra: Record<string, unknown>): Resource => ({
  id: `apps/v1:Deployment:shop:${name}`,
  type: 'Kubernetes',
  attributes: { apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name }, ...extra },
});

const messages = (plan: Plan, rules: PolicyRule[]) =>
  evaluatePolicy(plan, rules).map((v) => `${v.rule ?? ''} ${v.resourceId ?? ''}: ${v.message}`);

describe('deny-public-buckets', () => {
  const rules: PolicyRule[] = [{ name: 'no-public', kind: 'deny-public-buckets' }];

  it('finds public S3 ACLs, disabled public access blocks, open bucket policies, Azure blob access and public: true', () => {
    const plan = planOf(
      'prod',
      change('Create', aws('aws:acl', 'AWS::S3::Bucket', { AccessControl: 'PublicRead' })),
      change(
        'Update',
        aws('aws:block', 'AWS::S3::Bucket', {
          PublicAccessBlockConfiguration: { BlockPublicAcls: true, BlockPublicPolicy: false },
        }),
      ),
      change(
        'Create',
        aws('aws:policy', 'AWS::S3::BucketPolicy', {
          PolicyDocument: {
            Statement: [{ Effect: 'Allow', Principal: { AWS: '*' }, Action: 's3:GetObject' }],
          },
        }),
      ),
      change('Create', {
        id: 'azure:sa',
        type: 'Azure',
        attributes: {
          type: 'Microsoft.Storage/storageAccounts',
          properties: { allowBlobPublicAccess: true },
        },
      }),
      change('Create', { id: 'test:b', type: 'Test', attributes: { public: true } }),
      // Private ones pass: default ACL, a condition on the policy, an unchanged public one.
      change('Create', aws('aws:private', 'AWS::S3::Bucket', { BucketName: 'x' })),
      change(
        'Create',
        aws('aws:cond', 'AWS::S3::BucketPolicy', {
          PolicyDocument: {
            Statement: { Effect: 'Allow', Principal: '*', Condition: { IpAddress: {} } },
          },
        }),
      ),
      change('UnChanged', { id: 'test:old', type: 'Test', attributes: { public: true } }),
    );
    expect(messages(plan, rules)).toEqual([
      "no-public aws:acl: public bucket: the bucket's AccessControl is PublicRead",
      'no-public aws:block: public bucket: public access block turns off BlockPublicPolicy',
      'no-public aws:policy: public bucket: its policy allows any principal ("*") without a condition',
      'no-public azure:sa: public bucket: allowBlobPublicAccess is true',
      'no-public test:b: public bucket: it is marked public: true',
    ]);
  });
});

describe('require-labels', () => {
  it('reads Kubernetes labels, CloudFormation tags (list or map) and plain labels; types narrow it', () => {
    const rules: PolicyRule[] = [
      {
        name: 'owner',
        kind: 'require-labels',
        labels: ['team', 'cost-center'],
        types: ['Kubernetes', 'AWS'],
      },
    ];
    const plan = planOf(
      'dev',
      change(
        'Create',
        kube('web', { metadata: { name: 'web', labels: { team: 'a', 'cost-center': 'x' } } }),
      ),
      change('Create', kube('api', { metadata: { name: 'api', labels: { team: 'a' } } })),
      change('Create', aws('aws:q', 'AWS::SQS::Queue', { Tags: [{ Key: 'team', Value: 'a' }] })),
      change(
        'Create',
        aws('aws:p', 'AWS::SSM::Parameter', { Tags: { team: 'a', 'cost-center': 'y' } }),
      ),
      change('Create', { id: 'test:x', type: 'Test', attributes: {} }),
    );
    expect(messages(plan, rules)).toEqual([
      'owner apps/v1:Deployment:shop:api: missing label "cost-center"',
      'owner aws:q: missing label "cost-center"',
    ]);
  });
});

describe('limit-replicas', () => {
  const rules: PolicyRule[] = [
    { name: 'replicas', kind: 'limit-replicas', max: { dev: 1, '*': 5 } },
  ];
  const web = (replicas: number) => change('Update', kube('web', { spec: { replicas } }));

  it('applies the limit of the workspace, else the "*" one', () => {
    expect(messages(planOf('dev', web(2)), rules)).toEqual([
      'replicas apps/v1:Deployment:shop:web: 2 replicas, more than the 1 allowed in workspace "dev"',
    ]);
    expect(messages(planOf('prod', web(5)), rules)).toEqual([]);
    expect(messages(planOf('prod', web(6)), rules)).toHaveLength(1);
    expect(
      messages(
        planOf('dev', change('Create', aws('aws:svc', 'AWS::ECS::Service', { DesiredCount: 3 }))),
        rules,
      ),
    ).toEqual(['replicas aws:svc: 3 replicas, more than the 1 allowed in workspace "dev"']);
    expect(
      messages(planOf('qa', web(9)), [
        { name: 'only-prod', kind: 'limit-replicas', max: { prod: 3 } },
      ]),
    ).toEqual([]);
  });
});

describe('forbid-protected-deletes', () => {
  const rules: PolicyRule[] = [{ name: 'keep', kind: 'forbid-protected-deletes' }];

  it('stops deletes and replaces of resources marked protected, however they are marked', () => {
    const db: Resource = {
      id: 'test:db',
      type: 'Test',
      attributes: { size: 1 },
      extensions: { protected: true },
    };
    const annotated = kube('web', {
      metadata: { name: 'web', annotations: { 'kusion.dev/protected': 'true' } },
    });
    const tagged = aws('aws:bucket', 'AWS::S3::Bucket', {
      Tags: [{ Key: 'kusion.dev/protected', Value: 'true' }],
    });
    const plan = planOf(
      'prod',
      change('Delete', db),
      change('Replace', annotated, annotated),
      change('Delete', tagged),
      change('Update', db, db),
      change('Delete', { id: 'test:tmp', type: 'Test', attributes: {} }),
    );
    expect(messages(plan, rules)).toEqual([
      'keep test:db: deleting a protected resource (removed from spec)',
      'keep apps/v1:Deployment:shop:web: replacing (deleting, then creating) a protected resource (spec changed)',
      'keep aws:bucket: deleting a protected resource (removed from spec)',
    ]);
  });
});

describe('rules in general', () => {
  it('run only in their workspaces, with their severity, and custom checks answer in TypeScript', () => {
    const rules: PolicyRule[] = [
      { name: 'prod-only', kind: 'deny-public-buckets', workspaces: ['prod'], severity: 'warning' },
      {
        name: 'small-dev',
        check: ({ change, workspace }) =>
          workspace === 'dev' && change.desired?.attributes.size === 'large'
            ? 'dev resources are small'
            : undefined,
      },
    ];
    const bucket = change('Create', {
      id: 'test:b',
      type: 'Test',
      attributes: { public: true, size: 'large' },
    });
    expect(evaluatePolicy(planOf('dev', bucket), rules)).toEqual([
      {
        resourceId: 'test:b',
        rule: 'small-dev',
        message: 'dev resources are small',
        severity: 'error',
      },
    ]);
    expect(evaluatePolicy(planOf('prod', bucket), rules)).toEqual([
      {
        resourceId: 'test:b',
        rule: 'prod-only',
        message: 'public bucket: it is marked public: true',
        severity: 'warning',
      },
    ]);
  });
});
