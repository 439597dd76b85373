/** Reading a workspace file (`kusion workspace create <name> -f <file>`). */
import type { Diagnostic, Workspace } from '@kusion/sdk';
import { adaptKusionWorkspace } from './kusion-workspace.js';
import { closest } from './schema-messages.js';
import { checkModuleSettings } from './workspace-modules.js';
import { assertValidSource } from './schema-validation.js';
import { diagnosticAt } from './source-file.js';
import type { SourceFile } from './source-file.js';
import { readUserYamlFile } from './yaml-source.js';

/** The keys of a provider's entry that Kusion reads; every other key is the provider's own. */
const KUSION_PROVIDER_KEYS = ['package', 'types'];

/**
 * Reads and validates a workspace file; every problem in one `ConfigError`. The name comes from
 * the command line, not the file.
 */
export async function loadWorkspaceFile(path: string, name: string): Promise<Workspace> {
  return (await readWorkspaceFile(path, name)).workspace;
}

/** The workspace and its parsed file, for checks that point at lines later (module settings). */
export async function readWorkspaceFile(
  path: string,
  name: string,
): Promise<{
  readonly workspace: Workspace;
  readonly source: SourceFile;
  /** Kusion keys our own settings override, as `file:line: message`. */
  readonly notices: readonly string[];
}> {
  const source = await readUserYamlFile(
    path,
    'pass the path of a workspace YAML file (providers, modules, secretStore, context)',
  );
  // An empty file is an empty workspace.
  const written = source.value ?? {};
  // Kusion's keys read with Kusion's meaning first, so its files pass our schema unchanged.
  const adapted =
    typeof written === 'object' && !Array.isArray(written)
      ? adaptKusionWorkspace(written)
      : { value: written, notices: [], problems: [] };
  const settings = { ...source, value: adapted.value };
  const kusionProblems = (): Diagnostic[] =>
    adapted.problems.map((problem) => diagnosticAt(source, problem.path, problem.message));
  await assertValidSource('workspace', settings, [
    kusionProblems,
    misspeltProviderKeys,
    checkModuleSettings,
  ]);
  const notices = adapted.notices.map((notice) => {
    const location = source.locate(notice.path);
    return location ? `${location.file}:${location.line}: ${notice.message}` : notice.message;
  });
  return {
    workspace: { ...(settings.value as Omit<Workspace, 'name'>), name },
    source: settings,
    notices,
  };
}

/**
 * A provider's settings are free-form, so the schema accepts `pakage:`, and the mistake surfaced
 * later as a missing `@kusion/provider-<name>`. Keys within a typo of `package` or `types` are
 * refused here, where the line can be named.
 */
function misspeltProviderKeys(source: SourceFile): Diagnostic[] {
  const providers = asRecord(asRecord(source.value).providers);
  const diagnostics: Diagnostic[] = [];
  for (const [name, settings] of Object.entries(providers)) {
    for (const key of Object.keys(asRecord(settings))) {
      if (KUSION_PROVIDER_KEYS.includes(key)) continue;
      const meant = closest(key, KUSION_PROVIDER_KEYS);
      if (meant !== undefined) {
        diagnostics.push(
          diagnosticAt(
            source,
            ['providers', name, key],
            `unknown key ${JSON.stringify(key)} (did you mean ${JSON.stringify(meant)}?)`,
          ),
        );
      }
    }
  }
  return diagnostics;
}

function asRecord(value: unknown): Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
    ? (value as Record<string, unknown>)
    : {};
}
