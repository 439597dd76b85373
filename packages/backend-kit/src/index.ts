export {
  assertPathSegment,
  assertRevision,
  assertWorkspaceName,
  isWorkspaceName,
  WORKSPACE_NAME_RULE,
  lockScopeSegments,
  releaseScopeSegments,
} from './path-segment.js';
export type { StoredRecordPlace } from './stored-record.js';
export { parseRelease, serializeRelease, summarizeRelease } from './release-codec.js';
export type { SerializeReleaseOptions } from './release-codec.js';
export { releaseName, releaseRevisions, revisionOfReleaseName } from './release-names.js';
export {
  describeReleaseScope,
  releaseExistsError,
  releaseNotFoundError,
} from './release-errors.js';
export { isJournalEntry } from './journal-entry.js';
export { replayJournal, withJournalReplayed } from './journal-replay.js';
export { parseJournalLines, serializeJournalLine } from './journal-lines.js';
export type { ParsedJournalLines } from './journal-lines.js';
export { joinJournalGroup, parseJournalGroup, serializeGroupedEntry } from './journal-groups.js';
export { createOpenJournals } from './open-journals.js';
export type { OpenJournalRequest, OpenJournals } from './open-journals.js';
export {
  CORRUPT_LOCK_ID,
  corruptLockInfo,
  parseLock,
  parseLockRecord,
  serializeLock,
  serializeReleasedLock,
} from './lock-codec.js';
export type { LockRecord } from './lock-codec.js';
export { lostLockError, newLockInfo, nextLockGeneration, renewedLockInfo } from './lock-lease.js';
export {
  assertFenceHolds,
  assertReleaseWritable,
  isEntryCurrent,
  stampJournalEntry,
  stampRelease,
} from './fencing.js';
export type { FenceCheck, StoredJournalEntry } from './fencing.js';
export { createGroupCommitJournal } from './group-commit-journal.js';
export type { GroupCommitJournalOptions } from './group-commit-journal.js';
export { workspaceFileName, workspaceNamesIn } from './workspace-names.js';
export {
  parseCurrentWorkspace,
  serializeCurrentWorkspace,
  workspaceFromDocument,
} from './workspace-codec.js';
export { workspaceExistsError, workspaceNotFoundError } from './workspace-errors.js';
export {
  assertRolloutId,
  newRolloutId,
  parseRollout,
  rolloutIds,
  rolloutSegments,
  serializeRollout,
} from './rollout-codec.js';
export { DATA_KEY_NAME, parseWrappedKey, serializeWrappedKey } from './wrapped-key-codec.js';
export { createObjectStoreBackend } from './object-store/object-store-backend.js';
export type { ObjectStoreBackendOptions } from './object-store/object-store-backend.js';
export { placeOf } from './object-store/object-store.js';
export type {
  DeleteOutcome,
  ListedObject,
  Listing,
  ObjectStore,
  PutCondition,
  PutOutcome,
  StoredObject,
} from './object-store/object-store.js';
export { createObjectLayout } from './object-store/layout.js';
export type { ObjectLayout } from './object-store/layout.js';
export { mapConcurrently } from './object-store/map-concurrently.js';
export { hashSensitive, isHashedSensitive } from './sensitive-hash.js';
export { KUSION_METADATA_NAME, kusionCorruptError } from './kusion-document.js';
export {
  isKusionRevisionTaken,
  kusionReleaseName,
  kusionStackRevisions,
  kusionStacks,
  parseKusionRelease,
  parseKusionReleasesMetadata,
} from './kusion-release-codec.js';
export type { KusionReleasesMetadata } from './kusion-release-codec.js';
export { createKusionReleaseReader, withKusionReleases } from './kusion-releases.js';
export type {
  KusionReleaseFolder,
  KusionReleaseReader,
  KusionReleaseSource,
} from './kusion-releases.js';
export { NO_KUSION_WORKSPACES, parseKusionWorkspacesMetadata } from './kusion-workspace-codec.js';
export type { KusionWorkspacesMetadata } from './kusion-workspace-codec.js';
