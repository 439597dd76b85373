/**
 * An AWS resource as `@kusion/provider-aws` deploys it: one CloudFormation resource (`Type`,
 * `Properties`, optional `DeletionPolicy`), id `aws:<Type>:<name>`. The provider turns the last id
 * segment into the logical id, `$kusion_path.<id>.Ref` into `Ref` and `$kusion_path.<id>.<Attr>`
 * into `Fn::GetAtt`, so modules never write intrinsic functions for each other's resources.
 */
import { kusionPath } from '@kusion/sdk';
import type { Attributes, Resource } from '@kusion/sdk';
import { withoutUndefined } from './kubernetes-resource.js';

export type DeletionPolicy = 'Delete' | 'Retain' | 'Snapshot' | 'RetainExceptOnCreate';

export interface AwsResourceOptions {
  readonly dependsOn?: readonly string[] | undefined;
  readonly deletionPolicy?: DeletionPolicy | undefined;
  readonly sensitivePaths?: readonly string[] | undefined;
}

/** `aws:AWS::SQS::Queue:shop-dev-shop-orders`. */
export function awsResourceId(type: string, name: string): string {
  return `aws:${type}:${name}`;
}

export function awsResource(
  type: string,
  name: string,
  properties: Attributes,
  options: AwsResourceOptions = {},
): Resource {
  const attributes: Record<string, unknown> = {
    Type: type,
    Properties: withoutUndefined(properties),
  };
  if (options.deletionPolicy) attributes['DeletionPolicy'] = options.deletionPolicy;
  return {
    id: awsResourceId(type, name),
    type: 'AWS',
    attributes,
    ...(options.dependsOn?.length ? { dependsOn: [...options.dependsOn] } : {}),
    ...(options.sensitivePaths?.length
      ? { extensions: { sensitivePaths: [...options.sensitivePaths] } }
      : {}),
  };
}

/** `$kusion_path.<id>.<attribute>`: `Ref`, `Arn`, `Endpoint.Address`... resolved at apply time. */
export function awsAttribute(resource: Pick<Resource, 'id'>, attribute: string): string {
  return kusionPath(resource.id, attribute);
}
