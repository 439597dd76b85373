/**
 * Every backend names a release `<revision>.json` inside its scope's folder, and finds the
 * revisions by listing that folder.
 */
import { assertRevision } from './path-segment.js';

const RELEASE_NAME = /^([1-9][0-9]*)\.json$/;

/** The name of a release inside its folder. */
export function releaseName(revision: number): string {
  return `${assertRevision(revision)}.json`;
}

/** The revision a name in a release folder holds, or `undefined` for anything else there. */
export function revisionOfReleaseName(name: string): number | undefined {
  const revision = RELEASE_NAME.exec(name)?.[1];
  return revision === undefined ? undefined : Number(revision);
}

/** The revisions among the names of a release folder, oldest first (so 10 comes after 9). */
export function releaseRevisions(names: Iterable<string>): number[] {
  return [...names]
    .map(revisionOfReleaseName)
    .filter((revision) => revision !== undefined)
    .sort((a, b) => a - b);
}
