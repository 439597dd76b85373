/**
 * The engine's hooks: one frozen object, built from tapable classes chosen by data flow. Plugins get
 * tap-only facades that stamp their name on every tap; an interceptor turns a failing tap into a
 * HOOK_FAILED error that names the hook and the plugin.
 */
import { KusionError, isKusionError } from '@kusion/sdk';
import type { Hooks, PluginHooks } from '@kusion/sdk';
import {
  AsyncParallelHook,
  AsyncSeriesBailHook,
  AsyncSeriesHook,
  AsyncSeriesWaterfallHook,
  SyncBailHook,
  SyncWaterfallHook,
} from 'tapable';

type AnyFunction = (...args: unknown[]) => unknown;
type AnyHook = Hooks[keyof Hooks];

export function createHooks(): Hooks {
  const hooks: Hooks = {
    workspaceLoaded: new AsyncSeriesWaterfallHook(['workspace'], 'workspaceLoaded'),
    resource: new SyncWaterfallHook(['resource', 'context'], 'resource'),
    validatePlan: new AsyncSeriesHook(['plan', 'report'], 'validatePlan'),
    beforeApply: new AsyncSeriesBailHook(['plan'], 'beforeApply'),
    beforeWave: new AsyncSeriesBailHook(['gate'], 'beforeWave'),
    retryPolicy: new SyncBailHook(['context'], 'retryPolicy'),
    resourceApplied: new AsyncParallelHook(['outcome'], 'resourceApplied'),
    afterApply: new AsyncParallelHook(['summary'], 'afterApply'),
  };
  for (const [hookName, hook] of Object.entries(hooks) as [string, AnyHook][]) {
    (hook as { intercept(interceptor: object): void }).intercept({
      register: (tap: { name: string; type: string; fn: AnyFunction }) => ({
        ...tap,
        fn: wrapTap(
          hookName,
          tap.name,
          tap.type,
          VETO_HOOKS.has(hookName) ? nameVetoes(tap.name, tap.fn) : tap.fn,
        ),
      }),
    });
  }
  return Object.freeze(hooks);
}

/** Bail hooks whose answer stops a run: the answer names the plugin that gave it. */
const VETO_HOOKS: ReadonlySet<string> = new Set(['beforeApply', 'beforeWave']);

/** A veto (`{ reason }`) answered by a tap carries the plugin's name, so the failure can say who stopped it. */
function nameVetoes(tapName: string, fn: AnyFunction): AnyFunction {
  const plugin = tapName.split('/')[0] ?? tapName;
  const named = (answer: unknown): unknown =>
    typeof answer === 'object' && answer !== null && !('plugin' in answer)
      ? { ...answer, plugin }
      : answer;
  return (...args: unknown[]) => {
    const answer = fn(...args);
    return answer instanceof Promise ? answer.then(named) : named(answer);
  };
}

/** Called for every tap a plugin makes through its facade (for `kusion plugin list`). */
export type TapRecorder = (hookName: string, tapName: string) => void;

/** A plugin's view of the hooks: it can tap (always under its own name) but never call. */
export function createPluginHooks(
  hooks: Hooks,
  pluginName: string,
  onTap?: TapRecorder,
): PluginHooks {
  const facade: Record<string, unknown> = {};
  for (const [hookName, hook] of Object.entries(hooks) as [string, AnyHook][]) {
    facade[hookName] = createTapFacade(hook, pluginName, (tapName) => onTap?.(hookName, tapName));
  }
  return Object.freeze(facade) as unknown as PluginHooks;
}

type TapOptions = string | { name: string; stage?: number; before?: string };

function createTapFacade(
  hook: AnyHook,
  pluginName: string,
  onTap: (tapName: string) => void,
): object {
  const target = hook as unknown as Record<
    'tap' | 'tapAsync' | 'tapPromise',
    (o: TapOptions, fn: AnyFunction) => void
  >;
  const named = (options: TapOptions): TapOptions => {
    const given = typeof options === 'string' ? options : options.name;
    const name =
      given === pluginName || given.startsWith(`${pluginName}/`) ? given : `${pluginName}/${given}`;
    onTap(name);
    return typeof options === 'string' ? name : { ...options, name };
  };
  const facade: Record<string, unknown> = {
    tap: (options: TapOptions, fn: AnyFunction) => {
      target.tap(named(options), fn);
    },
    isUsed: () => hook.isUsed(),
  };
  if ('tapPromise' in hook) {
    facade.tapPromise = (options: TapOptions, fn: AnyFunction) => {
      target.tapPromise(named(options), fn);
    };
    facade.tapAsync = (options: TapOptions, fn: AnyFunction) => {
      target.tapAsync(named(options), fn);
    };
  }
  return Object.freeze(facade);
}

function hookFailure(hookName: string, tapName: string, error: unknown): KusionError {
  if (isKusionError(error) && error.code === 'HOOK_FAILED') return error;
  const reason = error instanceof Error ? error.message : String(error);
  return new KusionError('HOOK_FAILED', `hook ${hookName}: plugin ${tapName} failed: ${reason}`, {
    cause: error,
    hint: `fix or remove the plugin "${tapName.split('/')[0] ?? tapName}"`,
  });
}

function wrapTap(hookName: string, tapName: string, type: string, fn: AnyFunction): AnyFunction {
  if (type === 'promise') {
    return async (...args: unknown[]) => {
      try {
        return await fn(...args);
      } catch (error) {
        throw hookFailure(hookName, tapName, error);
      }
    };
  }
  if (type === 'async') {
    return (...args: unknown[]) => {
      const callback = args.pop() as (error?: unknown, result?: unknown) => void;
      try {
        fn(...args, (error?: unknown, result?: unknown) => {
          if (error) callback(hookFailure(hookName, tapName, error));
          else callback(null, result);
        });
      } catch (error) {
        callback(hookFailure(hookName, tapName, error));
      }
    };
  }
  return (...args: unknown[]) => {
    try {
      return fn(...args);
    } catch (error) {
      throw hookFailure(hookName, tapName, error);
    }
  };
}
