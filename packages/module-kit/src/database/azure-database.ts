/**
 * `type: azure`: an Azure Database flexible server (`Microsoft.DBforPostgreSQL/flexibleServers`,
 * `Microsoft.DBforMySQL/flexibleServers`) through `@kusion/provider-azure`, with
 *
 * - a firewall rule child per allowed range (default: Azure services only, `0.0.0.0`);
 * - a database child named after the app, since a flexible server creates none by itself;
 * - the administrator password: derived from the workspace's `context.databasePasswordSeed` as
 *   the local variant's is (ARM has no generated secret, unlike CloudFormation with Secrets
 *   Manager), or a `ref://` the platform names (`passwordRef`). A derived password is written
 *   only under `extensions.sensitivePaths` of the server and of the connection Secret — masked in
 *   output, hashed in state, sealed in releases; a `ref://` stays a reference in the Spec and is
 *   resolved by the engine at apply time;
 * - the connection Secret in the app's namespace: `host` is a `$kusion_path` reference to the
 *   server's `properties.fullyQualifiedDomainName`, which provider-azure turns into a deployment
 *   output and the engine resolves across providers when it applies the Secret.
 */
import { SECRET_REFERENCE_PREFIX } from '@kusion/sdk';
import type { ModuleGenerateRequest, ModuleGenerateResult } from '@kusion/sdk';
import { azureAttribute, azureResource } from '../azure-resource.js';
import { kubernetesName } from '../naming.js';
import { platformSettingError } from '../settings-error.js';
import { connectionPatcher, connectionSecret } from './connection-secret.js';
import { derivePassword } from './database-password.js';
import type {
  AzureServerTier,
  DatabaseEngine,
  DatabasePlatformSettings,
} from './database-settings.js';
import { DEFAULT_AZURE_FIREWALL_RULES, DEFAULT_AZURE_SKU } from './database-settings.js';

export interface AzureDatabaseRequest {
  readonly request: ModuleGenerateRequest;
  readonly engine: DatabaseEngine;
  readonly platform: DatabasePlatformSettings;
  /** `<project>-<stack>-<app>-<accessory>`. */
  readonly baseName: string;
  /** Absent: the engine's Azure default. */
  readonly version: string | undefined;
  readonly username: string;
  readonly databaseName: string;
  readonly envPrefix: string;
}

export const AZURE_SERVER_SENSITIVE_PATHS: readonly string[] = [
  'properties.administratorLoginPassword',
];

/**
 * Appended to a derived password: Azure wants three of upper case, lower case, digits and
 * symbols, which 32 random base64url characters miss about once in 200 workspaces.
 */
const PASSWORD_COMPLEXITY_SUFFIX = '-Aa1';

export function generateAzureDatabase(input: AzureDatabaseRequest): ModuleGenerateResult {
  const { request, engine, platform, baseName } = input;
  const flavour = engine.azure;
  const serverType = `${flavour.namespace}/flexibleServers`;
  // Server names are DNS names under the engine's zone: one per workspace, so two workspaces can
  // share a subscription.
  const serverName = serverNameOf(baseName);
  const password = administratorPassword(input);
  const placement = { resourceGroup: platform.resourceGroup };
  const sku = platform.sku ?? DEFAULT_AZURE_SKU;

  const server = azureResource(
    serverType,
    serverName,
    {
      apiVersion: flavour.apiVersion,
      location: platform.location,
      ...placement,
      sku: { name: sku, tier: platform.tier ?? tierOf(engine, sku) },
      properties: {
        version: input.version ?? flavour.defaultVersion,
        administratorLogin: input.username,
        administratorLoginPassword: password,
        storage: { storageSizeGB: platform.size ?? flavour.defaultSizeGiB },
        backup:
          platform.backupRetentionDays === undefined
            ? undefined
            : { backupRetentionDays: platform.backupRetentionDays },
        highAvailability:
          platform.highAvailability === undefined ? undefined : { mode: platform.highAvailability },
      },
    },
    { sensitivePaths: AZURE_SERVER_SENSITIVE_PATHS },
  );
  const firewallRules = (platform.firewallRules ?? DEFAULT_AZURE_FIREWALL_RULES).map((rule) =>
    azureResource(`${serverType}/firewallRules`, `${serverName}/${rule.name}`, {
      apiVersion: flavour.apiVersion,
      ...placement,
      properties: { startIpAddress: rule.startIpAddress, endIpAddress: rule.endIpAddress },
    }),
  );
  const database = azureResource(`${serverType}/databases`, `${serverName}/${input.databaseName}`, {
    apiVersion: flavour.apiVersion,
    ...placement,
    properties: { charset: flavour.charset, collation: flavour.collation },
  });

  const secretName = baseName;
  const connection = connectionSecret(
    request,
    secretName,
    {
      host: azureAttribute(server, 'properties.fullyQualifiedDomainName'),
      port: String(engine.port),
      username: input.username,
      password,
      database: input.databaseName,
    },
    // The host reference orders the Secret after the server; the database must exist too.
    { dependsOn: [database.id] },
  );
  return {
    resources: [server, ...firewallRules, database, connection],
    patcher: connectionPatcher(secretName, input.envPrefix),
  };
}

function administratorPassword(input: AzureDatabaseRequest): string {
  const reference = input.platform.passwordRef;
  if (reference === undefined)
    return `${derivePassword(input.request, input.engine.module, 'azure')}${PASSWORD_COMPLEXITY_SUFFIX}`;
  if (!reference.startsWith(SECRET_REFERENCE_PREFIX))
    throw platformSettingError(
      input.engine.module,
      'passwordRef',
      'is not a secret reference (the value is not shown)',
      `write ${SECRET_REFERENCE_PREFIX}<secret name>/<key>, a secret of the workspace's secret store`,
    );
  return reference;
}

/** Flexible server names: 3–63 lower-case letters, digits and hyphens, not at either end. */
function serverNameOf(baseName: string): string {
  const name = kubernetesName(baseName).replace(/-{2,}/g, '-');
  return name.length >= 3 ? name : `${name}-db`;
}

/** Azure's SKU series: B is Burstable, D General Purpose, E Memory Optimized. */
const TIER_OF_SERIES: Readonly<Record<string, AzureServerTier>> = {
  B: 'Burstable',
  D: 'GeneralPurpose',
  E: 'MemoryOptimized',
};

function tierOf(engine: DatabaseEngine, sku: string): AzureServerTier {
  const tier = TIER_OF_SERIES[/^Standard_([A-Z])/.exec(sku)?.[1] ?? ''];
  if (tier !== undefined) return tier;
  throw platformSettingError(
    engine.module,
    'tier',
    `cannot be read from sku ${JSON.stringify(sku)} (not a Standard_B, Standard_D or Standard_E size)`,
    'set tier: Burstable, GeneralPurpose or MemoryOptimized',
  );
}
