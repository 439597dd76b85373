import type { Resource } from '@kusion/sdk';
import { describe, expect, it } from 'vitest';
import { isKusionError } from '@kusion/sdk';
import { buildRootModule, outputName } from './root-module.js';
import { parseTerraformResource, validateTerraformResources } from './terraform-resource.js';
import type { TerraformResource } from './terraform-resource.js';

const AWS = 'registry.terraform.io/hashicorp/aws/5.0.1';

function tf(
  type: string,
  name: string,
  attributes: Record<string, unknown>,
  extensions: Record<string, unknown> = {},
): Resource {
  return {
    id: `hashicorp:aws:${type}:${name}`,
    type: 'Terraform',
    attributes,
    extensions: {
      provider: AWS,
      providerMeta: { region: 'us-east-1' },
      resourceType: type,
      ...extensions,
    },
  };
}

function parsed(resource: Resource): TerraformResource {
  const result = parseTerraformResource(resource);
  if (!('parsed' in result)) throw new Error(result.problems.join('; '));
  return result.parsed;
}

const versions = new Map([['registry.terraform.io/hashicorp/aws', '5.100.0']]);

describe('parseTerraformResource', () => {
  it("reads Kusion's id and extensions as Kusion does", () => {
    const resource = parsed(tf('aws_db_instance', 'mysqldb', { engine: 'mysql' }));
    expect(resource).toMatchObject({
      resourceType: 'aws_db_instance',
      name: 'mysqldb',
      address: 'aws_db_instance.mysqldb',
      provider: {
        source: 'registry.terraform.io/hashicorp/aws',
        localName: 'aws',
        version: '5.0.1',
      },
      providerMeta: { region: 'us-east-1' },
    });
  });

  it('adds the default registry host and reads both import-id keys', () => {
    const ours = parsed(
      tf(
        'aws_sqs_queue',
        'q',
        {},
        { provider: 'hashicorp/aws/5.100.0', 'kusion.io/import-id': 'url-1' },
      ),
    );
    expect(ours.provider.source).toBe('registry.terraform.io/hashicorp/aws');
    expect(ours.importId).toBe('url-1');
    const kusions = parsed(tf('aws_sqs_queue', 'q', {}, { 'kusionstack.io/import-id': 'url-2' }));
    expect(kusions.importId).toBe('url-2');
  });

  it('makes a name Terraform cannot take valid, keeping two such names apart', () => {
    const a = parsed({
      ...tf('aws_sqs_queue', 'x', {}),
      id: 'hashicorp:aws:aws_sqs_queue:1.orders',
    });
    const b = parsed({
      ...tf('aws_sqs_queue', 'x', {}),
      id: 'hashicorp:aws:aws_sqs_queue:1/orders',
    });
    expect(a.name).toMatch(/^r_1_orders_[0-9a-f]{8}$/);
    expect(a.name).not.toBe(b.name);
  });

  it('says every problem of a resource at once', () => {
    const diagnostics = validateTerraformResources([
      { id: 'aws_sqs_queue', type: 'Terraform', attributes: {}, extensions: { provider: 'aws' } },
      tf('aws_sqs_queue', 'q', {}),
      { ...tf('aws_sqs_queue', 'q', {}), id: 'other:aws:aws_sqs_queue:q' },
    ]);
    const messages = diagnostics.map((d) => d.message).join('\n');
    expect(messages).toContain('is not providerNamespace:providerName:resourceType:resourceName');
    expect(messages).toContain(
      'extensions.provider "aws" is not <host>/<namespace>/<name>/<version>',
    );
    expect(messages).toContain('already is aws_sqs_queue.q');
  });
});

describe('buildRootModule', () => {
  it('puts every resource in one module with one provider requirement and block', () => {
    const { document } = buildRootModule({
      resources: [
        parsed(tf('aws_sqs_queue', 'orders', { name: 'orders' })),
        parsed(tf('aws_security_group', 'db', { name: 'db' })),
      ],
      versions,
    });
    expect(document).toEqual({
      terraform: {
        required_providers: {
          aws: { source: 'registry.terraform.io/hashicorp/aws', version: '5.100.0' },
        },
      },
      provider: { aws: [{ region: 'us-east-1' }] },
      resource: {
        aws_sqs_queue: { orders: { name: 'orders' } },
        aws_security_group: { db: { name: 'db' } },
      },
    });
  });

  it('turns $kusion_path references into Terraform references and escapes literal templates', () => {
    const { document } = buildRootModule({
      resources: [
        parsed(tf('aws_security_group', 'db', { name: 'db', description: 'costs ${5} %{x}' })),
        parsed(
          tf('aws_db_instance', 'mysqldb', {
            vpc_security_group_ids: ['$kusion_path.hashicorp:aws:aws_security_group:db.id'],
            tags: { group: '$kusion_path.hashicorp:aws:aws_security_group:db.tags.Owner-Team' },
            first: '$kusion_path.hashicorp:aws:aws_security_group:db.ingress[0].cidr_blocks',
          }),
        ),
      ],
      versions,
    });
    const resources = document['resource'] as Record<string, Record<string, unknown>>;
    expect(resources['aws_security_group']?.['db']).toEqual({
      name: 'db',
      description: 'costs $${5} %%{x}',
    });
    expect(resources['aws_db_instance']?.['mysqldb']).toEqual({
      vpc_security_group_ids: ['${aws_security_group.db.id}'],
      tags: { group: '${aws_security_group.db.tags.Owner-Team}' },
      first: '${aws_security_group.db.ingress[0].cidr_blocks}',
    });
  });

  it('plans values known only after apply as unknown, and refuses an unresolved reference', () => {
    const queue = tf('aws_sqs_queue', 'q', {
      name: '$kusion_path.v1:ConfigMap:default:names.data.queue',
      delay_seconds: 5,
    });
    const { document } = buildRootModule({
      resources: [parsed(queue)],
      versions,
      unknownPaths: new Map([[queue.id, ['name']]]),
    });
    const resources = document['resource'] as Record<string, Record<string, unknown>>;
    expect(resources['aws_sqs_queue']?.['q']).toEqual({ name: '${timestamp()}', delay_seconds: 5 });

    let caught: unknown;
    try {
      buildRootModule({ resources: [parsed(queue)], versions });
    } catch (error) {
      caught = error;
    }
    expect(isKusionError(caught) && caught.code).toBe('TERRAFORM_RESOURCE_INVALID');
  });

  it('exposes attributes other providers read as outputs, and imports with import blocks', () => {
    const queue = tf('aws_sqs_queue', 'orders', { name: 'orders' }, { 'kusion.io/import-id': 'u' });
    const { document, outputs } = buildRootModule({
      resources: [parsed(queue)],
      versions,
      referencedAttributes: new Map([[queue.id, ['url']]]),
    });
    const name = outputName(queue.id, 'url');
    expect(outputs.get(name)).toEqual({ id: queue.id, path: 'url' });
    expect(document['output']).toEqual({
      [name]: { value: '${aws_sqs_queue.orders.url}', sensitive: true },
    });
    expect(document['import']).toEqual([{ to: 'aws_sqs_queue.orders', id: 'u' }]);
  });

  it('gives resources of another region an aliased provider block', () => {
    const east = parsed(tf('aws_sqs_queue', 'a', {}));
    const west = parsed(tf('aws_sqs_queue', 'b', {}, { providerMeta: { region: 'us-west-2' } }));
    const { document } = buildRootModule({ resources: [east, west], versions });
    const blocks = (document['provider'] as Record<string, Record<string, unknown>[]>)['aws'] ?? [];
    expect(blocks).toHaveLength(2);
    const alias = blocks[1]?.['alias'];
    expect(blocks[1]).toMatchObject({ region: 'us-west-2' });
    const resources = document['resource'] as Record<
      string,
      Record<string, Record<string, unknown>>
    >;
    expect(resources['aws_sqs_queue']?.['b']?.['provider']).toBe(`aws.${String(alias)}`);
    expect(resources['aws_sqs_queue']?.['a']?.['provider']).toBeUndefined();
  });

  it('refuses two versions of one provider, naming both resources', () => {
    expect(() =>
      buildRootModule({
        resources: [
          parsed(tf('aws_sqs_queue', 'a', {})),
          parsed(
            tf('aws_sqs_queue', 'b', {}, { provider: 'registry.terraform.io/hashicorp/aws/4.0.0' }),
          ),
        ],
        versions,
      }),
    ).toThrow(
      /hashicorp:aws:aws_sqs_queue:b asks for provider .* 4\.0\.0, but hashicorp:aws:aws_sqs_queue:a asks for .* 5\.0\.1/,
    );
  });

  it('configures the providers of resources leaving the module without declaring them', () => {
    const { document } = buildRootModule({
      resources: [],
      providerOnly: [parsed(tf('aws_sqs_queue', 'gone', { name: 'gone' }))],
      versions,
    });
    expect(document).toEqual({
      terraform: {
        required_providers: {
          aws: { source: 'registry.terraform.io/hashicorp/aws', version: '5.100.0' },
        },
      },
      provider: { aws: [{ region: 'us-east-1' }] },
    });
  });
});
