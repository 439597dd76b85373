/** What an app and a workspace write for the `bucket` module. */

export type BucketSettings = {
  readonly module: string;
  /** An explicit, globally unique bucket name; default: one CloudFormation generates. */
  readonly bucketName?: string;
  /** Keep every version of every object. */
  readonly versioning?: boolean;
  /** Prefix of the workload's variables; default `BUCKET_`. */
  readonly envPrefix?: string;
};

export type BucketPlatformSettings = {
  /** Where the bucket lives: `aws` (S3). Azure comes with the Azure provider. */
  readonly type: 'aws';
  /** Server-side encryption: `AES256` (S3-managed keys, the default) or `aws:kms`. */
  readonly encryption?: 'AES256' | 'aws:kms';
  /** The KMS key of `aws:kms`; default the account's S3 key. */
  readonly kmsKeyId?: string;
  /** Refuse public ACLs and policies (default true). */
  readonly blockPublicAccess?: boolean;
  /** What `destroy` does: Delete (CloudFormation's default; fails on a bucket with objects) or Retain. */
  readonly deletionPolicy?: 'Delete' | 'Retain';
};
