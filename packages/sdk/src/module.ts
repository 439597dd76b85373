/**
 * Modules turn one part of an AppConfiguration (its workload, or one accessory), plus the
 * workspace's platform configuration for the module, into resources. The same app yields
 * different resources in different workspaces. A module never calls another: cross-module wiring
 * goes through the patcher it returns (applied by the engine after every module ran) and
 * `$kusion_path` references.
 */
import type { AppConfiguration } from './app-configuration.js';
import type { Attributes, Resource } from './resource.js';
import type { SecretStoreSettings } from './workspace.js';

/** A JSON Schema (draft 2020-12 or 07) describing settings. */
export type JsonSchema = Readonly<Record<string, unknown>>;

export interface ModuleGenerateRequest {
  readonly project: string;
  readonly stack: string;
  readonly workspace: string;
  /**
   * The project's folder (absolute). Paths an app writes for a module (raw manifests, files) are
   * relative to it.
   */
  readonly projectDir: string;
  /**
   * The Kubernetes namespace of the app's resources: the project's or stack's
   * `kubernetesNamespace` extension when the engine supports it; absent means the project name,
   * as in Kusion.
   */
  readonly namespace?: string | undefined;
  readonly appName: string;
  /** The whole app, for modules that need to see the rest of it (e.g. the workload's ports). */
  readonly app: AppConfiguration;
  /** The part this module is asked for: the workload, or one accessory, with its name. */
  readonly part: {
    readonly kind: 'workload' | 'accessory';
    readonly name: string;
    readonly value: Attributes;
  };
  /**
   * The workspace's `modules.<name>.configs.default`, overridden by the one patcher whose
   * `projectSelector` names the project; validated against `schemas.platform`.
   */
  readonly platform: Attributes;
  /** The workspace's `context` (its `ref://` values resolved). */
  readonly context: Attributes;
  /** How the workspace resolves secrets, for modules that generate references to them. */
  readonly secretStore?: SecretStoreSettings | undefined;
}

/** An environment variable for the workload's containers, as Kubernetes writes one. */
export interface EnvVar {
  readonly name: string;
  readonly value?: string;
  /** E.g. `{ secretKeyRef: { name, key } }`. */
  readonly valueFrom?: Attributes;
}

/** A patch of one resource: a JSON merge patch (RFC 7386) or a JSON patch (RFC 6902). */
export type JsonPatcher =
  | { readonly type: 'merge'; readonly patch: Attributes }
  | { readonly type: 'json'; readonly patch: readonly Attributes[] };

/**
 * What a module changes outside its own resources. `environments`, labels and annotations are
 * applied to the app's workload resources (pod labels and annotations to their pod template);
 * `jsonPatches` to the resources they name by id. Applied by the engine after every module ran.
 */
export interface Patcher {
  readonly environments?: readonly EnvVar[];
  readonly labels?: Readonly<Record<string, string>>;
  readonly podLabels?: Readonly<Record<string, string>>;
  readonly annotations?: Readonly<Record<string, string>>;
  readonly podAnnotations?: Readonly<Record<string, string>>;
  readonly jsonPatches?: Readonly<Record<string, JsonPatcher>>;
}

export interface ModuleGenerateResult {
  readonly resources: readonly Resource[];
  readonly patcher?: Patcher;
}

export interface ModuleSchemas {
  /**
   * The settings an app writes for this module: the workload or accessory value, validated as
   * written (`main.yaml:line` errors). The keys the engine itself reads — `module`, and on a
   * workload `type` and `secrets` — are accepted even when the schema does not list them.
   */
  readonly app?: JsonSchema;
  /**
   * The platform settings a workspace writes under `modules.<name>.configs` (`default`, and each
   * patcher without its `projectSelector`), validated at `workspace create` and `update`. The keys
   * the engine itself reads — `importedResources`, `healthPolicy` — are removed before validation
   * and before `generate`.
   */
  readonly platform?: JsonSchema;
}

/** A module, as a package registers it. */
export interface ModuleRegistration {
  /** The name apps use in `accessories.<x>.module` or `workload.module`. */
  readonly name: string;
  /** The module's own version (semver), checked against a workspace's `modules.<name>.version`. */
  readonly version?: string;
  readonly schemas?: ModuleSchemas;
  generate(request: ModuleGenerateRequest): ModuleGenerateResult | Promise<ModuleGenerateResult>;
}
