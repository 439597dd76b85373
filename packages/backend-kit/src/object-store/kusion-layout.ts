/**
 * Where KusionStack Kusion's s3 backend keeps its state in the bucket, read in place by the object
 * store backend of `@kusion/backend-s3` (KusionStack/kusion at 02cc9d8b; its oss and google
 * storages build the same keys):
 *
 * ```
 * <prefix>workspaces/.metadata.yml                       { current, availableWorkspaces: [...] }
 * <prefix>workspaces/<name>.yaml                         a workspace: { modules, secretStore, context }
 * <prefix>releases/<project>/<workspace>/.metadata.yml   { latestRevision, releaseMetaDatas: [{ revision, stack }] }
 * <prefix>releases/<project>/<workspace>/<revision>.yaml a release: { project, workspace, revision, stack, spec, state, phase, createTime, modifiedTime }
 * <prefix>resources/<project>/<workspace>/graph.json     the resource graph (not read: ours comes from releases)
 * ```
 *
 * - Workspaces: `pkg/workspace/storages/s3.go` (`Get`: `prefix + "/" + name + ".yaml"`; `readMeta`,
 *   `writeMeta`: `prefix + "/.metadata.yml"`) under `GenGenericOssWorkspacePrefixKey`
 *   (`pkg/workspace/storages/util.go`). A new storage writes `default.yaml` (`{}`) and makes it
 *   current when the metadata lacks it (`initDefaultWorkspaceIf`); `Get` answers only names the
 *   metadata lists.
 * - Releases: `pkg/engine/release/storages/s3.go` (`Get`, `writeRelease`:
 *   `fmt.Sprintf("%s/%d%s", prefix, revision, ".yaml")`; the metadata beside them) under
 *   `GenGenericOssReleasePrefixKey` (`pkg/engine/release/storages/util.go`). Revisions count from 1
 *   per project and workspace, all stacks together (`NewApplyRelease` in
 *   `pkg/engine/release/util.go` takes `GetLatestRevision() + 1`).
 * - Prefix: those functions trim one leading `/` from the `prefix` setting and append `/` when it
 *   is not empty, so `team-a/` gives `team-a//workspaces/…`; but the session of
 *   `pkg/backend/storages/s3.go` leaves aws-sdk-go v1's `DisableRestProtocolURICleaning` unset, so
 *   the SDK cleans the request path and the object lands at `team-a/workspaces/…`. Measured with
 *   tools/kusion-fixtures against moto: `/team-a/`, `team-a/` and `team-a` all store under
 *   `team-a/`, `a//b` under `a/b/`, `` at the bucket's root — exactly the prefix `parseS3Settings`
 *   normalises to. So Kusion's keys are ours for the same setting, relative to the same prefix, and
 *   the object store that serves ours reads them.
 *
 * Kusion's `workspaces/<name>.yaml` is also where our own workspaces live: a name Kusion's metadata
 * lists is Kusion's (see kusion-workspaces.ts); its releases sit one folder above our stack folders
 * (`releases/<project>/<workspace>/<stack>/`), so the two never share a key.
 */
import { KUSION_METADATA_NAME } from '../kusion-document.js';
import type { KusionReleaseFolder } from '../kusion-releases.js';
import { releaseScopeSegments } from '../path-segment.js';

/** Relative to the prefix, like every key the object store takes. */
export const KUSION_WORKSPACES_METADATA_KEY = `workspaces/${KUSION_METADATA_NAME}`;

/** `name` is `.metadata.yml` or `<revision>.yaml`. */
export function kusionReleaseKey(folder: KusionReleaseFolder, name: string): string {
  const [project, workspace] = releaseScopeSegments({ ...folder, stack: 'any' });
  return `releases/${project}/${workspace}/${name}`;
}
