/**
 * Proof that what a module generates deploys: the resources go through the real engine and
 * providers (`deploy` of a Spec file, as `kusion deploy --spec-file` does) in a throwaway project,
 * workspace and `KUSION_HOME`, against the test peers. The engine is passed in
 * (`import * as engine from '@kusion/core'`) because the testkit depends on the sdk only; the
 * providers are loaded by name from the workspace, as in production.
 */
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { applyPatchers, kubernetesResourceId, silentIoHost } from '@kusion/sdk';
import type { ApplySummary, IoHost, Plan, Resource } from '@kusion/sdk';
import { stringify } from 'yaml';
import type { GenerateOutcome } from './generate-with-module.js';
import { sampleWorkload } from './sample-workload.js';

export interface SpecRunOptions {
  readonly io: IoHost;
  readonly kusionHome: string;
  readonly workdir: string;
  readonly workspace: string;
  readonly specFile: string;
  readonly yes: true;
  readonly watch: boolean;
}

/** The part of `@kusion/core` the harness drives. */
export interface SpecEngine {
  createWorkspace(options: {
    readonly io: IoHost;
    readonly kusionHome: string;
    readonly name: string;
    readonly file: string;
  }): Promise<unknown>;
  preview(options: SpecRunOptions): Promise<Plan>;
  deploy(options: SpecRunOptions): Promise<ApplySummary>;
  destroy(options: SpecRunOptions): Promise<ApplySummary>;
}

export interface SpecDeploymentOptions {
  readonly engine: SpecEngine;
  /** The workspace file's content: `providers`, `secretStore`, `context`. */
  readonly workspace: Readonly<Record<string, unknown>>;
  /** Default `shop`. */
  readonly project?: string;
  /** Default `dev`. */
  readonly stack?: string;
  /** Default `dev`. */
  readonly workspaceName?: string;
  readonly io?: IoHost;
  /** Wait for readiness after apply; default false (the test apiserver runs no pods). */
  readonly watch?: boolean;
}

export interface SpecDeployment {
  readonly projectDir: string;
  readonly stackDir: string;
  readonly kusionHome: string;
  /** Deploys exactly these resources (a new revision); the summary says what happened to each. */
  deploy(resources: readonly Resource[]): Promise<ApplySummary>;
  /** Plans the last deployed resources again: after a good deploy, every change is `UnChanged`. */
  preview(): Promise<Plan>;
  /** Deletes everything the stack's state holds. */
  destroy(): Promise<ApplySummary>;
  /** Removes the folders (not what was deployed: call `destroy` first). */
  remove(): Promise<void>;
}

export async function createSpecDeployment(
  options: SpecDeploymentOptions,
): Promise<SpecDeployment> {
  const root = await mkdtemp(join(tmpdir(), 'kusion-module-deploy-'));
  const project = options.project ?? 'shop';
  const stack = options.stack ?? 'dev';
  const workspace = options.workspaceName ?? 'dev';
  const projectDir = join(root, project);
  const stackDir = join(projectDir, stack);
  const kusionHome = join(root, 'kusion-home');
  const specFile = join(root, 'spec.json');
  const io = options.io ?? silentIoHost;
  await mkdir(stackDir, { recursive: true });
  await mkdir(kusionHome, { recursive: true });
  await writeFile(join(projectDir, 'project.yaml'), stringify({ name: project }));
  await writeFile(join(stackDir, 'stack.yaml'), stringify({ name: stack }));
  const workspaceFile = join(root, `${workspace}.yaml`);
  await writeFile(workspaceFile, stringify(options.workspace));
  await options.engine.createWorkspace({ io, kusionHome, name: workspace, file: workspaceFile });

  const run: SpecRunOptions = {
    io,
    kusionHome,
    workdir: stackDir,
    workspace,
    specFile,
    yes: true,
    watch: options.watch ?? false,
  };
  return {
    projectDir,
    stackDir,
    kusionHome,
    async deploy(resources) {
      await writeFile(specFile, JSON.stringify({ resources }, null, 2));
      return options.engine.deploy(run);
    },
    preview: () => options.engine.preview(run),
    destroy: () => options.engine.destroy(run),
    remove: () => rm(root, { recursive: true, force: true }),
  };
}

/**
 * The Spec an app made of the sample workload and this accessory would have: the app's Namespace
 * (the engine's built-in generator makes it), the sample Deployment with the patcher applied, and
 * the module's resources.
 */
export function accessorySpec(outcome: GenerateOutcome): Resource[] {
  const workload = sampleWorkload(outcome.request);
  return applyPatchers({
    resources: [namespaceOf(outcome), workload, ...outcome.resources],
    workloadIds: new Set([workload.id]),
    patchers: outcome.patcher ? [outcome.patcher] : [],
  });
}

/** The Spec of an app whose workload this module generated: the app's Namespace and the resources. */
export function workloadSpec(outcome: GenerateOutcome): Resource[] {
  return [namespaceOf(outcome), ...outcome.resources];
}

function namespaceOf(outcome: GenerateOutcome): Resource {
  const { request } = outcome;
  const manifest = {
    apiVersion: 'v1',
    kind: 'Namespace',
    metadata: { name: request.namespace ?? request.project },
  };
  return { id: kubernetesResourceId(manifest), type: 'Kubernetes', attributes: manifest };
}
