/** What an app and a workspace write for the `bucket` module. */

export type BucketSettings = {
  readonly module: string;
  /**
   * An explicit, globally unique S3 bucket name (default: one CloudFormation generates); on Azure,
   * the blob container's name (default: the accessory's name).
   */
  readonly bucketName?: string;
  /** Keep every version of every object. */
  readonly versioning?: boolean;
  /** Prefix of the workload's variables; default `BUCKET_`. */
  readonly envPrefix?: string;
};

export type BucketPlatformSettings = {
  /** Where the bucket lives: `aws` (S3) or `azure` (a storage account and a blob container). */
  readonly type: 'aws' | 'azure';
  /** Server-side encryption: `AES256` (S3-managed keys, the default) or `aws:kms`. */
  readonly encryption?: 'AES256' | 'aws:kms';
  /** The KMS key of `aws:kms`; default the account's S3 key. */
  readonly kmsKeyId?: string;
  /** Refuse public ACLs and policies, or anonymous blob access on Azure (default true). */
  readonly blockPublicAccess?: boolean;
  /** What `destroy` does: Delete (CloudFormation's default; fails on a bucket with objects) or Retain. */
  readonly deletionPolicy?: 'Delete' | 'Retain';
  // azure
  /** The storage account's name; default derived from the app and accessory names. */
  readonly accountName?: string;
  /** The account's redundancy: `Standard_LRS` (default), `Standard_ZRS`, `Standard_GRS`... */
  readonly sku?: string;
  readonly accessTier?: 'Hot' | 'Cool' | 'Cold';
  readonly location?: string;
  readonly resourceGroup?: string;
};
