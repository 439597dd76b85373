/**
 * Every command, by id: oclif's "explicit" command discovery (package.json `oclif.commands`) reads
 * this object from the bundle instead of scanning a folder of command files. A command file not
 * listed here does not exist for the CLI (commands.test.ts checks the list against the folder).
 */
import type { Command } from '@oclif/core';
import ConfigGet from './commands/config/get.js';
import ConfigList from './commands/config/list.js';
import ConfigSet from './commands/config/set.js';
import ConfigUnset from './commands/config/unset.js';
import Options from './commands/options.js';
import ProjectCreate from './commands/project/create.js';
import ProjectList from './commands/project/list.js';
import ResourceGraph from './commands/resource/graph.js';
import ResourceShow from './commands/resource/show.js';
import StackCreate from './commands/stack/create.js';
import Deploy from './commands/deploy.js';
import Deps from './commands/deps.js';
import Destroy from './commands/destroy.js';
import Drift from './commands/drift.js';
import Generate from './commands/generate.js';
import Graph from './commands/graph.js';
import Init from './commands/init.js';
import ModInit from './commands/mod/init.js';
import ModList from './commands/mod/list.js';
import ModSchema from './commands/mod/schema.js';
import PluginList from './commands/plugin/list.js';
import Preview from './commands/preview.js';
import ProviderInit from './commands/provider/init.js';
import ReleaseList from './commands/release/list.js';
import ReleaseRollback from './commands/release/rollback.js';
import ReleaseShow from './commands/release/show.js';
import ReleaseUnlock from './commands/release/unlock.js';
import Rollout from './commands/rollout/index.js';
import RolloutList from './commands/rollout/list.js';
import RolloutShow from './commands/rollout/show.js';
import SecretsRotate from './commands/secrets/rotate.js';
import Serve from './commands/serve/index.js';
import ServeTokenCreate from './commands/serve/token/create.js';
import ServeTokenList from './commands/serve/token/list.js';
import ServeTokenRevoke from './commands/serve/token/revoke.js';
import Version from './commands/version.js';
import WorkspaceCreate from './commands/workspace/create.js';
import WorkspaceDelete from './commands/workspace/delete.js';
import WorkspaceList from './commands/workspace/list.js';
import WorkspaceShow from './commands/workspace/show.js';
import WorkspaceSwitch from './commands/workspace/switch.js';
import WorkspaceUpdate from './commands/workspace/update.js';

export const COMMANDS = {
  'config:get': ConfigGet,
  'config:list': ConfigList,
  'config:set': ConfigSet,
  'config:unset': ConfigUnset,
  options: Options,
  'project:create': ProjectCreate,
  'project:list': ProjectList,
  'resource:graph': ResourceGraph,
  'resource:show': ResourceShow,
  'stack:create': StackCreate,
  deploy: Deploy,
  deps: Deps,
  destroy: Destroy,
  drift: Drift,
  generate: Generate,
  graph: Graph,
  init: Init,
  'mod:init': ModInit,
  'mod:list': ModList,
  'mod:schema': ModSchema,
  'plugin:list': PluginList,
  preview: Preview,
  'provider:init': ProviderInit,
  'release:list': ReleaseList,
  'release:rollback': ReleaseRollback,
  'release:show': ReleaseShow,
  'release:unlock': ReleaseUnlock,
  rollout: Rollout,
  'rollout:list': RolloutList,
  'rollout:show': RolloutShow,
  'secrets:rotate': SecretsRotate,
  serve: Serve,
  'serve:token:create': ServeTokenCreate,
  'serve:token:list': ServeTokenList,
  'serve:token:revoke': ServeTokenRevoke,
  version: Version,
  'workspace:create': WorkspaceCreate,
  'workspace:delete': WorkspaceDelete,
  'workspace:list': WorkspaceList,
  'workspace:show': WorkspaceShow,
  'workspace:switch': WorkspaceSwitch,
  'workspace:update': WorkspaceUpdate,
} satisfies Record<string, Command.Class>;
