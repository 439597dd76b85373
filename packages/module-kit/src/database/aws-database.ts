/**
 * `type: aws`: an RDS instance through CloudFormation (`@kusion/provider-aws`), with
 *
 * - a Secrets Manager secret whose password CloudFormation generates (`GenerateSecretString`), so
 *   the password exists in AWS only: RDS reads it through a dynamic reference
 *   (`{{resolve:secretsmanager:<name>:SecretString:password}}`), never through the Spec;
 * - a security group opening the engine's port to `securityIPs`;
 * - the connection Secret in the app's namespace: `host` and `port` are `$kusion_path` references
 *   to the instance's `Endpoint.Address` / `Endpoint.Port` (resolved at apply time, across
 *   providers), and `password` is `ref://<secret name>/password`, which the engine resolves
 *   through the workspace's secret store (`secretStore.provider: aws`) when it applies the Secret.
 *   The Spec, the state and the releases hold only the reference.
 */
import type { ModuleGenerateRequest, ModuleGenerateResult } from '@kusion/sdk';
import { SECRET_REFERENCE_PREFIX } from '@kusion/sdk';
import { awsAttribute, awsResource } from '../aws-resource.js';
import { kubernetesName } from '../naming.js';
import { connectionPatcher, connectionSecret } from './connection-secret.js';
import type { DatabaseEngine, DatabasePlatformSettings } from './database-settings.js';
import { DEFAULT_AWS_SIZE_GIB, DEFAULT_SECURITY_IPS } from './database-settings.js';

export interface AwsDatabaseRequest {
  readonly request: ModuleGenerateRequest;
  readonly engine: DatabaseEngine;
  readonly platform: DatabasePlatformSettings & { readonly instanceType: string };
  /** `<project>-<stack>-<app>-<accessory>`. */
  readonly baseName: string;
  /** Absent: RDS's default for the engine. */
  readonly version: string | undefined;
  readonly username: string;
  readonly databaseName: string;
  readonly envPrefix: string;
}

/** Characters RDS refuses in a master password, kept out of the generated one. */
const EXCLUDED_PASSWORD_CHARACTERS = '"@/\\\' ';

export function generateAwsDatabase(input: AwsDatabaseRequest): ModuleGenerateResult {
  const { request, engine, platform, baseName } = input;
  // One secret per workspace: two workspaces may share an AWS account. No `/`: a `ref://` name
  // ends at the first one.
  const secretName = `${baseName}-${kubernetesName(request.workspace)}-credentials`;

  // Names differ in their last id segment: provider-aws makes logical ids of it.
  const password = awsResource('AWS::SecretsManager::Secret', `${baseName}-password`, {
    Name: secretName,
    Description: `Kusion: the ${engine.module} password of ${request.project}/${request.stack}/${request.appName}`,
    GenerateSecretString: {
      SecretStringTemplate: JSON.stringify({ username: input.username }),
      GenerateStringKey: 'password',
      PasswordLength: 32,
      ExcludeCharacters: EXCLUDED_PASSWORD_CHARACTERS,
    },
  });
  const securityGroup = awsResource('AWS::EC2::SecurityGroup', `${baseName}-clients`, {
    GroupDescription: `Kusion: ${engine.module} clients of ${baseName}`,
    VpcId: platform.vpcId,
    SecurityGroupIngress: (platform.securityIPs ?? DEFAULT_SECURITY_IPS).map((cidr) => ({
      IpProtocol: 'tcp',
      FromPort: engine.port,
      ToPort: engine.port,
      CidrIp: cidr,
    })),
  });
  const instance = awsResource(
    'AWS::RDS::DBInstance',
    baseName,
    {
      DBInstanceIdentifier: rdsIdentifier(baseName),
      Engine: engine.rdsEngine,
      EngineVersion: input.version,
      DBInstanceClass: platform.instanceType,
      AllocatedStorage: String(platform.size ?? DEFAULT_AWS_SIZE_GIB),
      StorageType: platform.storageType,
      MultiAZ: platform.multiAZ,
      DBName: input.databaseName,
      Port: String(engine.port),
      MasterUsername: input.username,
      MasterUserPassword: `{{resolve:secretsmanager:${secretName}:SecretString:password}}`,
      VPCSecurityGroups: [awsAttribute(securityGroup, 'GroupId')],
      DBSubnetGroupName: platform.subnetGroupName,
      PubliclyAccessible: platform.publiclyAccessible ?? false,
    },
    // The dynamic reference names the secret by name, which orders nothing: say it.
    { dependsOn: [password.id], deletionPolicy: platform.deletionPolicy },
  );
  const secretResourceName = baseName;
  const connection = connectionSecret(
    request,
    secretResourceName,
    {
      host: awsAttribute(instance, 'Endpoint.Address'),
      port: awsAttribute(instance, 'Endpoint.Port'),
      username: input.username,
      password: `${SECRET_REFERENCE_PREFIX}${secretName}/password`,
      database: input.databaseName,
    },
    // The `ref://` is resolved when this Secret is applied: the AWS secret must exist by then.
    { dependsOn: [password.id] },
  );
  return {
    resources: [password, securityGroup, instance, connection],
    patcher: connectionPatcher(secretResourceName, input.envPrefix),
  };
}

/** RDS identifiers: 1–63 letters, digits and single hyphens, starting with a letter. */
function rdsIdentifier(name: string): string {
  const cleaned = kubernetesName(name).replace(/-{2,}/g, '-');
  return /^[a-z]/.test(cleaned) ? cleaned : `db-${cleaned}`.slice(0, 63).replace(/-+$/, '');
}
