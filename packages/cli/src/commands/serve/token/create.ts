import { resolveKusionHome } from '@kusion/core';
import { Flags } from '@oclif/core';
import { KusionCommand } from '../../../base-command.js';

export default class ServeTokenCreate extends KusionCommand {
  static override summary = 'Create a bearer token for kusion serve (shown once, stored hashed)';
  static override description =
    'viewer: reads everything; deployer: also starts and cancels runs (only in the named workspaces, if any); admin: also manages workspaces and tokens. The token is stored as a SHA-256 hash in $KUSION_HOME/server/tokens.json; keep the printed value in a secret manager.';
  static override examples = [
    '<%= config.bin %> serve token create --role viewer --name dashboards',
    '<%= config.bin %> serve token create --role deployer --workspace dev --workspace staging --name ci',
  ];
  static override flags = {
    role: Flags.string({
      description: 'What the token may do',
      options: ['viewer', 'deployer', 'admin'],
      required: true,
    }),
    workspace: Flags.string({
      description: 'A workspace a deployer may run in (repeatable); default: all',
      multiple: true,
    }),
    name: Flags.string({
      description: 'Who or what uses it: recorded as who started each run (default: <role>-<id>)',
    }),
  };

  async run(): Promise<void> {
    const { flags } = await this.parse(ServeTokenCreate);
    const { createTokenStore, isRole } = await import('@kusion/server');
    const role = flags.role;
    if (!isRole(role)) return; // oclif's `options` already refused anything else
    const store = createTokenStore(resolveKusionHome());
    const { token, summary } = await store.create({
      role,
      name: flags.name,
      workspaces: flags.workspace,
    });
    this.emit({ token, ...summary }, () =>
      [
        `Created ${summary.role} token ${summary.id} (${summary.name})${summary.workspaces.length ? ` for ${summary.workspaces.join(', ')}` : ''}.`,
        'It is shown only now; send it as `Authorization: Bearer <token>`:',
        token,
      ].join('\n'),
    );
  }
}
