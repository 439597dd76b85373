/**
 * A git source as the operator writes it: Terraform's module-source syntax, which teams already
 * know — `<url>[//<sub-path>][?ref=<branch|tag|commit>][&name=<name>]` — checked so that nothing
 * unsafe reaches `git`: no option-looking values, no `..` in the sub-path, and no credentials in
 * the URL (they would be stored in the cache's git config and shown by the API: credentials come
 * from git's credential helpers, ssh-agent or `GIT_ASKPASS` in the server's environment).
 */
import { basename } from 'node:path';
import { KusionError } from '@kusion/sdk';
import { scrubCredentials } from './scrub-credentials.js';

export interface GitSourceConfig {
  /** How the API, runs and the refresh route name it; unique among sources. */
  readonly name: string;
  /** Where to clone from: https://, ssh://, git://, file://, `user@host:path`, or a local path. */
  readonly url: string;
  /** A branch, a tag, a full commit id, or `HEAD` (the remote's default branch). */
  readonly ref: string;
  /** The folder of the repository that holds the projects; `.` for its top. */
  readonly path: string;
}

const NAME = /^[A-Za-z0-9][A-Za-z0-9_.-]{0,62}$/;
// Branch and tag names as `git check-ref-format` accepts them, minus what a refspec would read.
const REF = /^[A-Za-z0-9_][A-Za-z0-9._/+-]{0,254}$/;
const EXAMPLE =
  'e.g. --git-source "https://git.example.com/platform/apps.git//teams?ref=main" (credentials through a git credential helper, never in the URL)';

function invalid(value: string, why: string, hint = EXAMPLE): KusionError {
  // Scrubbed: a value refused for another reason may still carry a token.
  const shown = JSON.stringify(scrubCredentials(value));
  return new KusionError('INVALID_ARGUMENT', `invalid --git-source ${shown}: ${why}`, {
    hint,
  });
}

/** Parses one `--git-source` value; a `KusionError` says what is wrong with it and how to fix it. */
export function parseGitSource(value: string): GitSourceConfig {
  const trimmed = value.trim();
  const queryAt = trimmed.lastIndexOf('?');
  const location = queryAt < 0 ? trimmed : trimmed.slice(0, queryAt);
  const query = new URLSearchParams(queryAt < 0 ? '' : trimmed.slice(queryAt + 1));
  for (const key of query.keys()) {
    if (key !== 'ref' && key !== 'name') {
      throw invalid(value, `unknown parameter "${key}" (only ref and name)`);
    }
  }
  const { url, path } = splitSubPath(location);
  checkUrl(value, url);
  const ref = query.get('ref') ?? 'HEAD';
  if (!REF.test(ref) || ref.includes('..') || ref.endsWith('.lock') || ref.endsWith('/')) {
    throw invalid(
      value,
      `"${ref}" is not a branch, tag or commit id`,
      'e.g. ?ref=main, ?ref=v1.4.0 or a full 40-character commit id',
    );
  }
  const subPath = normalizeSubPath(value, path);
  const name = query.get('name') ?? defaultName(url, subPath);
  if (!NAME.test(name)) {
    throw invalid(
      value,
      `the source name "${name}" is not a name (letters, digits, ".", "_", "-")`,
      'name it with &name=<name>, e.g. ?ref=main&name=apps',
    );
  }
  return { name, url, ref, path: subPath };
}

/** Refuses two sources with one name: runs record the name, so it must say which one. */
export function checkUniqueNames(sources: readonly GitSourceConfig[]): void {
  const seen = new Set<string>();
  for (const source of sources) {
    if (seen.has(source.name)) {
      throw new KusionError('INVALID_ARGUMENT', `two git sources are named "${source.name}"`, {
        hint: 'give each its own name with &name=<name> (e.g. ?ref=main&name=apps-main)',
      });
    }
    seen.add(source.name);
  }
}

/** `https://host/repo.git//apps` → url and `apps`; the first `//` after the scheme splits them. */
function splitSubPath(location: string): { url: string; path: string } {
  const scheme = /^[a-z][a-z0-9+.-]*:\/\//i.exec(location);
  const from = scheme ? scheme[0].length + 1 : 1;
  const at = location.indexOf('//', from);
  return at < 0
    ? { url: location, path: '' }
    : { url: location.slice(0, at), path: location.slice(at + 2) };
}

function checkUrl(value: string, url: string): void {
  if (!url || url.startsWith('-') || /\s/.test(url)) {
    throw invalid(value, 'the repository URL is missing or malformed');
  }
  const scheme = /^([a-z][a-z0-9+.-]*):\/\//i.exec(url)?.[1]?.toLowerCase();
  if (scheme === undefined) {
    // A local path, or scp-like `user@host:path` (ssh). `ext::` and other transports run commands.
    if (url.includes('::'))
      throw invalid(value, 'only https, http, ssh, git and file URLs are served');
    return;
  }
  if (!['https', 'http', 'ssh', 'git', 'file'].includes(scheme)) {
    throw invalid(value, `the "${scheme}" transport is not served (https, http, ssh, git, file)`);
  }
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    throw invalid(value, 'the repository URL is malformed');
  }
  // Over http(s) the user part carries a token or a password; over ssh it is the login (`git@`).
  const hasSecret = parsed.password !== '' || (scheme.startsWith('http') && parsed.username !== '');
  if (hasSecret) {
    throw new KusionError(
      'INVALID_ARGUMENT',
      'invalid --git-source: the repository URL carries credentials, which would be stored in the cache and shown by the API',
      {
        hint: 'remove them from the URL and give them to git instead: a credential helper (`git config --global credential.helper store`, or GIT_CONFIG_COUNT/KEY/VALUE in the environment), GIT_ASKPASS, or ssh-agent for ssh URLs',
      },
    );
  }
}

function normalizeSubPath(value: string, path: string): string {
  const segments = path.split('/').filter((segment) => segment !== '' && segment !== '.');
  if (segments.some((segment) => segment === '..' || segment.startsWith('-'))) {
    throw invalid(value, `the sub-path "${path}" leaves the repository or looks like an option`);
  }
  return segments.join('/') || '.';
}

/** `…/platform/apps.git//teams` → `apps-teams`: the repository's name, then the sub-path's. */
function defaultName(url: string, path: string): string {
  const repository = basename(url.replace(/[/:]+$/, '').replace(/^.*:/, '/')).replace(/\.git$/, '');
  const name = path === '.' ? repository : `${repository}-${path.replaceAll('/', '-')}`;
  return name.replace(/[^A-Za-z0-9_.-]/g, '-').slice(0, 63);
}
