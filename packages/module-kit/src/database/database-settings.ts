/**
 * A relational database accessory (`postgres`, `mysql`): what the app asks for, what the platform
 * decides, and what differs between engines. The platform's `type` picks where it runs: `local`
 * (a StatefulSet in the app's namespace), `aws` (RDS through CloudFormation) or `azure` (an Azure
 * Database flexible server through an ARM template deployment).
 */
import type { Attributes } from '@kusion/sdk';

/** What an app writes: `accessories.<name>`. */
export interface DatabaseAppSettings {
  readonly module: string;
  /** Engine version: the local image tag, RDS's `EngineVersion`. */
  readonly version?: string;
  /** The database created for the app; default: the app name as an identifier. */
  readonly databaseName?: string;
  /** Prefix of the workload's variables (`DB_HOST`...); default `DB_`. */
  readonly envPrefix?: string;
}

/** What a workspace writes: `modules.<name>.configs.default` (and its project patches). */
export interface DatabasePlatformSettings {
  readonly type: 'local' | 'aws' | 'azure';
  readonly username?: string;
  /** Storage in GiB; default 10 locally, 20 on AWS (RDS's minimum for gp2/gp3), the engine's on Azure. */
  readonly size?: number;
  // local
  readonly image?: string;
  readonly storageClassName?: string;
  readonly resources?: Readonly<Record<string, string>>;
  // aws
  readonly instanceType?: string;
  readonly securityIPs?: readonly string[];
  readonly publiclyAccessible?: boolean;
  readonly vpcId?: string;
  readonly subnetGroupName?: string;
  readonly storageType?: string;
  readonly multiAZ?: boolean;
  readonly deletionPolicy?: 'Delete' | 'Snapshot' | 'Retain';
  // azure
  /** The compute SKU, e.g. `Standard_B1ms`. */
  readonly sku?: string;
  /** The SKU's tier; default: read from the SKU's series (B, D, E). */
  readonly tier?: AzureServerTier;
  readonly location?: string;
  readonly resourceGroup?: string;
  readonly firewallRules?: readonly AzureFirewallRule[];
  readonly backupRetentionDays?: number;
  readonly highAvailability?: 'Disabled' | 'SameZone' | 'ZoneRedundant';
  /** `ref://<name>/<key>`: an administrator password kept in the secret store, instead of a derived one. */
  readonly passwordRef?: string;
}

export type AzureServerTier = 'Burstable' | 'GeneralPurpose' | 'MemoryOptimized';

/** One firewall rule of a flexible server: the IPv4 range allowed to connect. */
export interface AzureFirewallRule {
  readonly name: string;
  readonly startIpAddress: string;
  readonly endIpAddress: string;
}

/** What an engine's Azure Database flexible server needs. */
export interface AzureDatabaseFlavour {
  /** The resource provider: `Microsoft.DBforPostgreSQL`, `Microsoft.DBforMySQL`. */
  readonly namespace: string;
  readonly apiVersion: string;
  /** The server version when the app names none. */
  readonly defaultVersion: string;
  /** Storage in GiB when the platform names none (the portal's default). */
  readonly defaultSizeGiB: number;
  /** The database's charset and collation. */
  readonly charset: string;
  readonly collation: string;
}

/** What differs between PostgreSQL and MySQL. */
export interface DatabaseEngine {
  /** The module name, also the engine's name in messages and resource names. */
  readonly module: string;
  /** The local image, without tag. */
  readonly image: string;
  readonly defaultVersion: string;
  readonly port: number;
  /** Where the server keeps its data in the container. */
  readonly dataPath: string;
  /** RDS's `Engine`. */
  readonly rdsEngine: string;
  /** Longest database name the engine accepts. */
  readonly maxDatabaseNameLength: number;
  /** The local server's environment, read from the credentials Secret's keys. */
  localEnvironment(secretName: string): Attributes[];
  /** `type: azure`. */
  readonly azure: AzureDatabaseFlavour;
}

export const DEFAULT_USERNAME = 'kusion';
export const DEFAULT_LOCAL_SIZE_GIB = 10;
export const DEFAULT_AWS_SIZE_GIB = 20;
/** Private address ranges: clients inside the VPC (or a peered one) reach the instance by default. */
export const DEFAULT_SECURITY_IPS: readonly string[] = [
  '10.0.0.0/8',
  '172.16.0.0/12',
  '192.168.0.0/16',
];
export const DEFAULT_AZURE_SKU = 'Standard_B1ms';
/**
 * `0.0.0.0`–`0.0.0.0` is Azure's rule for "any Azure service": a cluster in Azure (AKS) reaches the
 * server, the internet does not.
 */
export const DEFAULT_AZURE_FIREWALL_RULES: readonly AzureFirewallRule[] = [
  { name: 'azure-services', startIpAddress: '0.0.0.0', endIpAddress: '0.0.0.0' },
];
/** The workspace `context` key holding the secret local passwords are derived from. */
export const PASSWORD_SEED_CONTEXT_KEY = 'databasePasswordSeed';

/** A key of the credentials Secret, as `envFrom`-free `secretKeyRef`s read them. */
export function secretKey(secretName: string, key: string): Attributes {
  return { secretKeyRef: { name: secretName, key } };
}
