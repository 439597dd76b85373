/**
 * Modules turn one part of an AppConfiguration, plus the workspace's module configuration, into
 * resources. The same app yields different resources in different workspaces.
 */
import type { AppConfiguration } from './app-configuration.js';
import type { Attributes, Resource } from './resource.js';

export interface GenerateRequest {
  readonly project: string;
  readonly stack: string;
  readonly workspace: string;
  readonly appName: string;
  readonly app: AppConfiguration;
  /** The part this module is asked for: the workload, or one accessory. */
  readonly part: {
    readonly kind: 'workload' | 'accessory';
    readonly name: string;
    readonly value: Attributes;
  };
  /** The workspace's configuration for this module, with matching `projectSelector` patches merged. */
  readonly config: Attributes;
  /** The workspace's `context`. */
  readonly workspaceContext: Attributes;
}

export interface GenerateResult {
  readonly resources: readonly Resource[];
}

export interface ModuleRegistration {
  /** The name apps use in `accessories.<x>.module` or `workload.module`. */
  readonly name: string;
  generate(request: GenerateRequest): GenerateResult | Promise<GenerateResult>;
}
