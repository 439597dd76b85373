/**
 * KusionStack Kusion's workspace keys, read with Kusion's meaning so its users switch without
 * editing a file:
 *
 *   secretStore: { provider: { aws: { region } } }     → secretStore: { provider: aws, region }
 *   context.KUBECONFIG_CONTENT                          → providers.kubernetes.kubeconfigContent
 *   context.KUBECONFIG_PATH ($HOME expanded)            → providers.kubernetes.kubeconfig
 *   context.kubernetes.kubeConfig                       → providers.kubernetes.kubeconfig
 *   context.AWS_REGION (else AWS_DEFAULT_REGION)        → providers.aws.region
 *   context.AWS_ACCESS_KEY_ID / AWS_SECRET_ACCESS_KEY   → providers.aws.accessKeyId / secretAccessKey
 *
 * Our `providers.<name>` setting for the same thing wins, with a notice naming both. The context
 * keeps Kusion's keys (modules may read them); adapting is idempotent, so a workspace stored
 * adapted and one Kusion wrote in `$KUSION_HOME` read the same.
 */
import { homedir } from 'node:os';

/** A workspace document as read from YAML (before or after our schema checks). */
type Document = Record<string, unknown>;

/** A path in the document, for messages and `file:line` lookups. */
export type DocumentPath = readonly (string | number)[];

export interface KusionWorkspaceNotice {
  /** Where the Kusion key is. */
  readonly path: DocumentPath;
  readonly message: string;
}

export interface KusionWorkspaceProblem {
  readonly path: DocumentPath;
  readonly message: string;
}

export interface AdaptedWorkspace<T> {
  readonly value: T;
  /** Kusion keys whose meaning our own settings override. */
  readonly notices: readonly KusionWorkspaceNotice[];
  /** Kusion keys that cannot be read with any meaning (two secret stores at once). */
  readonly problems: readonly KusionWorkspaceProblem[];
}

/** The secret stores Kusion's `secretStore.provider` object may name. */
export const KUSION_SECRET_STORES = [
  'aws',
  'alicloud',
  'vault',
  'azure',
  'viettelcloud',
  'fake',
  'onpremises',
] as const;

/** One setting a Kusion context key stands for, and the keys of ours that say the same. */
interface ContextMapping {
  /** Kusion's keys, the first found wins (Kusion's own order). */
  readonly from: readonly DocumentPath[];
  readonly provider: string;
  readonly setting: string;
  /** Our settings of the provider that decide the same thing (any one set: ours wins). */
  readonly sameAs: readonly string[];
  readonly transform?: (value: string) => string;
}

const CONTEXT_MAPPINGS: readonly ContextMapping[] = [
  {
    from: [['KUBECONFIG_CONTENT']],
    provider: 'kubernetes',
    setting: 'kubeconfigContent',
    sameAs: ['kubeconfig', 'kubeconfigContent'],
  },
  {
    from: [['KUBECONFIG_PATH'], ['kubernetes', 'kubeConfig']],
    provider: 'kubernetes',
    setting: 'kubeconfig',
    sameAs: ['kubeconfig', 'kubeconfigContent'],
    // Kusion replaces `$HOME` itself (it does not expand other variables).
    transform: (value) => value.replaceAll('$HOME', homedir()),
  },
  {
    from: [['AWS_REGION'], ['AWS_DEFAULT_REGION']],
    provider: 'aws',
    setting: 'region',
    sameAs: ['region'],
  },
  {
    from: [['AWS_ACCESS_KEY_ID']],
    provider: 'aws',
    setting: 'accessKeyId',
    sameAs: ['accessKeyId', 'profile'],
  },
  {
    from: [['AWS_SECRET_ACCESS_KEY']],
    provider: 'aws',
    setting: 'secretAccessKey',
    sameAs: ['secretAccessKey', 'profile'],
  },
];

/** Reads Kusion's keys of a workspace document with Kusion's meaning. */
export function adaptKusionWorkspace<T extends object>(workspace: T): AdaptedWorkspace<T> {
  const document = { ...(workspace as Document) };
  const notices: KusionWorkspaceNotice[] = [];
  const problems: KusionWorkspaceProblem[] = [];
  adaptSecretStore(document, problems);
  adaptContext(document, notices);
  return { value: document as T, notices, problems };
}

function adaptSecretStore(document: Document, problems: KusionWorkspaceProblem[]): void {
  const store = document.secretStore;
  if (!isRecord(store) || !isRecord(store.provider)) return;
  const named = Object.entries(store.provider).filter(([, settings]) => settings != null);
  const [first] = named;
  if (named.length !== 1 || first === undefined) {
    problems.push({
      path: ['secretStore', 'provider'],
      message: `Kusion's object form names exactly one secret store (${KUSION_SECRET_STORES.join(', ')}), received ${named.length === 0 ? 'none' : named.map(([name]) => name).join(' and ')}`,
    });
    return;
  }
  const [provider, settings] = first;
  const { provider: _kusionForm, ...ours } = store;
  document.secretStore = { ...ours, provider, ...(isRecord(settings) ? settings : {}) };
}

function adaptContext(document: Document, notices: KusionWorkspaceNotice[]): void {
  const context = document.context;
  if (!isRecord(context)) return;
  const providers: Record<string, Record<string, unknown>> = {};
  for (const [name, settings] of Object.entries(
    isRecord(document.providers) ? document.providers : {},
  )) {
    providers[name] = isRecord(settings) ? { ...settings } : {};
  }
  /**
   * Settings groups already decided: a kubeconfig path and inline content are one decision, and
   * the first Kusion key found decides it (Kusion's own order).
   */
  const decided = new Set<string>();
  let isChanged = false;
  for (const mapping of CONTEXT_MAPPINGS) {
    const found = mapping.from
      .map((path) => ({ path, value: valueAt(context, path) }))
      .find((entry) => typeof entry.value === 'string' && entry.value !== '');
    const group = `${mapping.provider}:${mapping.sameAs.join(',')}`;
    if (!found || decided.has(group)) continue;
    decided.add(group);
    const settings = providers[mapping.provider] ?? {};
    const value = mapping.transform?.(found.value as string) ?? (found.value as string);
    // Adapted before (a stored workspace read again): nothing to say.
    if (settings[mapping.setting] === value) continue;
    const ours = mapping.sameAs.find((key) => settings[key] !== undefined);
    if (ours !== undefined) {
      notices.push({
        path: ['context', ...found.path],
        message: `providers.${mapping.provider}.${ours} and context.${found.path.join('.')} (Kusion's) both set ${describeSetting(mapping)}; using providers.${mapping.provider}.${ours}`,
      });
      continue;
    }
    settings[mapping.setting] = value;
    providers[mapping.provider] = settings;
    isChanged = true;
  }
  if (isChanged) document.providers = providers;
}

function describeSetting(mapping: ContextMapping): string {
  return mapping.provider === 'kubernetes'
    ? 'the kubeconfig'
    : `the AWS ${mapping.setting === 'region' ? 'region' : 'credentials'}`;
}

function valueAt(root: Record<string, unknown>, path: DocumentPath): unknown {
  let value: unknown = root;
  for (const key of path) {
    if (!isRecord(value)) return undefined;
    value = value[String(key)];
  }
  return value;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
