/** Workspaces: platform configuration for one environment, stored in the backend. */

/** Settings of one provider. Everything but `package` and `types` goes to `configure`. */
export interface ProviderSettings {
  /** npm package to load; default `@kusion/provider-<name>`, then `kusion-provider-<name>`. */
  readonly package?: string;
  /** Resource types this entry serves; default: the provider's own list. */
  readonly types?: readonly string[];
  readonly [setting: string]: unknown;
}

/** A module's configuration: defaults plus overrides selected by project name. */
export interface ModuleSettings {
  /** npm package to load; default `@kusion/module-<name>`, then `kusion-module-<name>`. */
  readonly package?: string;
  /**
   * A semver range the installed package must satisfy; with Kusion's `path`, Kusion's module
   * version (shown, not enforced against ours).
   */
  readonly version?: string;
  /** Kusion's module location, `oci://ghcr.io/kusionstack/<name>`: maps to our catalog module. */
  readonly path?: string;
  readonly configs?: {
    readonly default?: Readonly<Record<string, unknown>>;
    /** Named patches: `projectSelector` lists the projects a patch applies to. */
    readonly [patch: string]:
      | (Readonly<Record<string, unknown>> & { readonly projectSelector?: readonly string[] })
      | undefined;
  };
}

/** Where `ref://` secret references are resolved. */
export interface SecretStoreSettings {
  /** e.g. `aws` (Secrets Manager), `env`, `file`. */
  readonly provider: string;
  readonly [setting: string]: unknown;
}

/** A hook plugin named in a project or workspace file (`plugins:`). */
export interface PluginSettings {
  /**
   * npm package to load: a full name (`@acme/kusion-policies`), or a short one expanded to
   * `@kusion/plugin-<name>`, then `kusion-plugin-<name>`.
   */
  readonly package: string;
  /** Handed to the plugin as `host.settings`. */
  readonly settings?: Readonly<Record<string, unknown>>;
}

export interface Workspace {
  readonly name: string;
  readonly description?: string;
  readonly providers?: Readonly<Record<string, ProviderSettings>>;
  readonly modules?: Readonly<Record<string, ModuleSettings>>;
  readonly secretStore?: SecretStoreSettings;
  /** Free values modules and providers may read (region, account, cluster name...). */
  readonly context?: Readonly<Record<string, unknown>>;
  /** Hook plugins for every run in this workspace (policies, notifications, gates). */
  readonly plugins?: readonly PluginSettings[];
}
