/** `deny-public-buckets`: storage that anyone on the internet can read. */
import type { Attributes } from '@kusion/sdk';
import { nativeType, properties, record } from './attributes.js';

const PUBLIC_ACLS = new Set(['PublicRead', 'PublicReadWrite', 'AuthenticatedRead']);
const BLOCK_SETTINGS = [
  'BlockPublicAcls',
  'BlockPublicPolicy',
  'IgnorePublicAcls',
  'RestrictPublicBuckets',
] as const;

/** Why the resource is a public bucket, or nothing. */
export function publicBucketProblems(attributes: Attributes): string[] {
  const type = nativeType(attributes);
  const props = properties(attributes);
  const problems: string[] = [];
  if (type === 'AWS::S3::Bucket') {
    const acl = props.AccessControl;
    if (typeof acl === 'string' && PUBLIC_ACLS.has(acl))
      problems.push(`the bucket's AccessControl is ${acl}`);
    const block = props.PublicAccessBlockConfiguration;
    if (block !== undefined) {
      const off = BLOCK_SETTINGS.filter((setting) => record(block)[setting] === false);
      if (off.length) problems.push(`public access block turns off ${off.join(', ')}`);
    }
  } else if (type === 'AWS::S3::BucketPolicy') {
    const document = record(props.PolicyDocument);
    const statements = Array.isArray(document.Statement)
      ? document.Statement
      : [document.Statement];
    for (const statement of statements.map(record)) {
      if (statement.Effect === 'Allow' && isEveryone(statement.Principal) && !statement.Condition)
        problems.push('its policy allows any principal ("*") without a condition');
    }
  } else if (type?.toLowerCase() === 'microsoft.storage/storageaccounts') {
    if (props.allowBlobPublicAccess === true) problems.push('allowBlobPublicAccess is true');
  } else if (type?.toLowerCase() === 'microsoft.storage/storageaccounts/blobservices/containers') {
    const access = props.publicAccess;
    if (access === 'Blob' || access === 'Container')
      problems.push(`the container's publicAccess is ${access}`);
  }
  if (attributes.public === true) problems.push('it is marked public: true');
  return problems;
}

function isEveryone(principal: unknown): boolean {
  if (principal === '*') return true;
  const aws = record(principal).AWS;
  return aws === '*' || (Array.isArray(aws) && aws.includes('*'));
}
