/**
 * One call of a module's `generate`, with the request the engine would send: project `shop`,
 * stack `dev`, workspace `dev`, app `shop` unless the case says otherwise; an accessory case gets
 * a sample service workload next to it in the app, as a real app has one.
 */
import type {
  Accessory,
  AppConfiguration,
  Attributes,
  Workload,
  ModuleGenerateRequest,
  ModuleGenerateResult,
  SecretStoreSettings,
} from '@kusion/sdk';
import { loadModule } from './load-module.js';
import type { ModuleSource } from './load-module.js';

export interface ModuleCase {
  /** Names the golden file: `<name>.yaml`. */
  readonly name: string;
  /** What the module is asked for: the workload, or one accessory with its name. */
  readonly part: {
    readonly kind: 'workload' | 'accessory';
    readonly name: string;
    /** The settings as written in the app: an object literal, or what a typed builder returns. */
    readonly value: object;
  };
  /** The platform configuration (`modules.<name>.configs.default` with project patches). */
  readonly platform?: Attributes;
  /** The whole app; default: the part, plus the sample workload for an accessory. */
  readonly app?: AppConfiguration;
  /** The workspace's context (`ref://` values as the engine resolved them). */
  readonly context?: Attributes;
  readonly secretStore?: SecretStoreSettings;
  /** Default `dev`. */
  readonly workspace?: string;
  /** Default `shop`. */
  readonly project?: string;
  /** Default `dev`. */
  readonly stack?: string;
  /** Default: the project name. */
  readonly appName?: string;
  /** Default: the current directory. */
  readonly projectDir?: string;
  /** The Kubernetes namespace the engine would pass; default: none (the module's default). */
  readonly namespace?: string;
}

/** The workload an accessory's app holds when a case names no app. */
export const SAMPLE_WORKLOAD_SETTINGS: Workload = {
  type: 'service',
  containers: { main: { image: 'registry.example.com/shop/main:1.0.0' } },
  ports: [{ port: 8080, protocol: 'TCP' }],
};

/** The request the engine would send for a case. */
export function moduleRequest(testCase: ModuleCase): ModuleGenerateRequest {
  const project = testCase.project ?? 'shop';
  const appName = testCase.appName ?? project;
  return {
    project,
    stack: testCase.stack ?? 'dev',
    workspace: testCase.workspace ?? 'dev',
    projectDir: testCase.projectDir ?? process.cwd(),
    ...(testCase.namespace === undefined ? {} : { namespace: testCase.namespace }),
    appName,
    app: testCase.app ?? defaultApp(testCase.part),
    part: { ...testCase.part, value: testCase.part.value as Attributes },
    platform: testCase.platform ?? {},
    context: testCase.context ?? {},
    secretStore: testCase.secretStore,
  };
}

export interface GenerateOutcome extends ModuleGenerateResult {
  readonly request: ModuleGenerateRequest;
}

/** Runs the module's `generate` for a case. */
export async function generateWithModule(
  source: ModuleSource,
  testCase: ModuleCase,
): Promise<GenerateOutcome> {
  const module = await loadModule(source);
  const request = moduleRequest(testCase);
  const result = await module.generate(request);
  return { ...result, request };
}

function defaultApp(part: ModuleCase['part']): AppConfiguration {
  if (part.kind === 'workload') return { workload: part.value as Workload };
  return {
    workload: SAMPLE_WORKLOAD_SETTINGS,
    accessories: { [part.name]: accessoryOf(part.value as Attributes) },
  };
}

function accessoryOf(value: Attributes): Accessory {
  return { ...value, module: String(value['module']) };
}
