/**
 * Releases and journal groups as Secrets: the release as gzip JSON with its summary in an
 * annotation (so `release list` reads metadata only), and each journal group as its own Secret
 * labelled with its revision. One list by label returns a revision's release and journal groups
 * from one consistent read of etcd, so a read never sees a fold half done.
 */
import {
  describeReleaseScope,
  joinJournalGroup,
  parseJournalGroup,
  parseRelease,
  serializeRelease,
  summarizeRelease,
} from '@kusion/backend-kit';
import type { StoredJournalEntry, StoredRecordPlace } from '@kusion/backend-kit';
import { KusionError } from '@kusion/sdk';
import type { Release, ReleaseScope, ReleaseSummary } from '@kusion/sdk';
import { isRecord } from './client/api-error.js';
import type { KubeObject, NamespaceObjects } from './client/namespace-objects.js';
import { ANNOTATION, journalGroupName, LABEL, recordLabels, releaseName } from './layout.js';
import type { ReleaseKey } from './layout.js';
import { secretData, secretText } from './secret-data.js';

const RELEASE_KEY = 'release.json.gz';
const JOURNAL_KEY = 'entries.json.gz';
/** Annotations share 256 KiB per object; a summary larger than this is left out (read whole). */
const MAX_SUMMARY_BYTES = 32 * 1024;

export function placeOf(objects: NamespaceObjects, name: string): StoredRecordPlace {
  return {
    where: objects.describe('secrets', name),
    restoreFrom:
      'from a backup of the namespace (e.g. Velero, or `kubectl get secret -o yaml` saved earlier)',
  };
}

function scopeAnnotations(key: ReleaseKey, revision: number): Record<string, string> {
  return {
    [ANNOTATION.project]: key.names.project,
    [ANNOTATION.workspace]: key.names.workspace,
    [ANNOTATION.stack]: key.names.stack,
    [ANNOTATION.revision]: String(revision),
  };
}

function scopeLabels(key: ReleaseKey, record: 'release' | 'journal', revision: number) {
  return recordLabels(record, key.names, {
    [LABEL.scope]: key.scopeHash,
    [LABEL.revision]: String(revision),
  });
}

/** The Secret holding `release` (already stamped), replacing `resourceVersion` when given. */
export function releaseSecret(
  key: ReleaseKey,
  release: Release,
  resourceVersion?: string,
): KubeObject {
  const summary = JSON.stringify(summarizeRelease(release));
  return {
    apiVersion: 'v1',
    kind: 'Secret',
    type: 'kusion.io/release',
    metadata: {
      name: releaseName(key, release.revision),
      ...(resourceVersion === undefined ? {} : { resourceVersion }),
      labels: scopeLabels(key, 'release', release.revision),
      annotations: {
        ...scopeAnnotations(key, release.revision),
        [ANNOTATION.generation]: String(release.lockGeneration ?? 0),
        ...(Buffer.byteLength(summary) <= MAX_SUMMARY_BYTES
          ? { [ANNOTATION.summary]: summary }
          : {}),
      },
    },
    data: secretData(
      RELEASE_KEY,
      serializeRelease(release),
      `release ${release.revision} of ${describeReleaseScope(release)}`,
    ),
  };
}

export function parseReleaseSecret(
  objects: NamespaceObjects,
  object: KubeObject,
  expected: ReleaseScope & { readonly revision: number },
): Release {
  const place = placeOf(objects, object.metadata.name);
  const text = secretText(object, RELEASE_KEY);
  if (text === undefined) {
    throw new KusionError(
      'STATE_CORRUPT',
      `release ${place.where} is corrupt: it holds no readable ${RELEASE_KEY}`,
      { hint: `Restore ${place.where} ${place.restoreFrom}.` },
    );
  }
  return parseRelease(text, place, expected);
}

/** The summary in a release Secret's annotation, when it is intact and the one `expected` names. */
export function summaryOf(
  object: KubeObject,
  expected: ReleaseScope & { readonly revision: number },
): ReleaseSummary | undefined {
  const text = object.metadata.annotations?.[ANNOTATION.summary];
  if (text === undefined) return undefined;
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return undefined;
  }
  if (!isRecord(value)) return undefined;
  const isIntact =
    value['project'] === expected.project &&
    value['workspace'] === expected.workspace &&
    value['stack'] === expected.stack &&
    value['revision'] === expected.revision &&
    typeof value['resourceCount'] === 'number' &&
    ['operation', 'phase', 'createdAt', 'modifiedAt'].every(
      (field) => typeof value[field] === 'string',
    );
  return isIntact ? (value as unknown as ReleaseSummary) : undefined;
}

/** A journal group: `serializedEntries` (each already stamped with its generation) as one Secret. */
export function journalGroupSecret(
  key: ReleaseKey,
  revision: number,
  sequence: number,
  generation: number,
  serializedEntries: readonly string[],
): KubeObject {
  return {
    apiVersion: 'v1',
    kind: 'Secret',
    type: 'kusion.io/journal',
    metadata: {
      name: journalGroupName(key, revision, sequence),
      labels: scopeLabels(key, 'journal', revision),
      annotations: {
        ...scopeAnnotations(key, revision),
        [ANNOTATION.sequence]: String(sequence),
        [ANNOTATION.generation]: String(generation),
      },
    },
    data: secretData(
      JOURNAL_KEY,
      joinJournalGroup(serializedEntries),
      `a state journal entry of release ${revision} of ${describeReleaseScope(key.names)}`,
    ),
  };
}

export function sequenceOf(object: KubeObject): number {
  const sequence = Number(object.metadata.annotations?.[ANNOTATION.sequence]);
  return Number.isSafeInteger(sequence) ? sequence : 0;
}

export function revisionOf(object: KubeObject): number | undefined {
  const revision = Number(object.metadata.labels?.[LABEL.revision]);
  return Number.isSafeInteger(revision) && revision >= 1 ? revision : undefined;
}

export function isJournalGroup(object: KubeObject): boolean {
  return object.metadata.labels?.[LABEL.record] === 'journal';
}

/** The entries of journal groups, in replay order. */
export function journalEntries(
  objects: NamespaceObjects,
  groups: readonly KubeObject[],
): StoredJournalEntry[] {
  return [...groups]
    .sort((a, b) => sequenceOf(a) - sequenceOf(b))
    .flatMap((group) => {
      const place = placeOf(objects, group.metadata.name);
      const text = secretText(group, JOURNAL_KEY);
      if (text === undefined) {
        throw new KusionError(
          'STATE_CORRUPT',
          `state journal object ${place.where} is corrupt: it holds no readable ${JOURNAL_KEY}`,
          {
            hint: `Restore ${place.where} ${place.restoreFrom}, or delete it to fall back on the state recorded without it.`,
          },
        );
      }
      return parseJournalGroup(text, place);
    });
}
