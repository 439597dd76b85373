import { resolveKusionHome } from '@kusion/core';
import { KusionCommand } from '../../../base-command.js';
import { createTable } from '../../../output/terminal-libraries.js';

export default class ServeTokenList extends KusionCommand {
  static override summary = 'List the tokens of kusion serve (never their values)';
  static override examples = ['<%= config.bin %> serve token list --json'];

  async run(): Promise<void> {
    await this.parse(ServeTokenList);
    const { createTokenStore } = await import('@kusion/server');
    const tokens = await createTokenStore(resolveKusionHome()).list();
    this.emit({ tokens }, () => {
      if (!tokens.length)
        return 'No tokens yet. Create one: kusion serve token create --role admin';
      const table = createTable({
        head: ['Id', 'Name', 'Role', 'Workspaces', 'Created'],
        style: { head: [], border: [] },
      });
      for (const t of tokens)
        table.push([t.id, t.name, t.role, t.workspaces.join(', ') || 'all', t.createdAt]);
      return table.toString();
    });
  }
}
