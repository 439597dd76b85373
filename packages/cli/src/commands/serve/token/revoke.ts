import { resolveKusionHome } from '@kusion/core';
import { KusionError } from '@kusion/sdk';
import { Args } from '@oclif/core';
import { KusionCommand } from '../../../base-command.js';

export default class ServeTokenRevoke extends KusionCommand {
  static override summary = 'Revoke a token of kusion serve: its next request is refused';
  static override examples = ['<%= config.bin %> serve token revoke 3f9a1c2b7d4e'];
  static override args = {
    id: Args.string({ description: 'Token id (`kusion serve token list`)', required: true }),
  };

  async run(): Promise<void> {
    const { args } = await this.parse(ServeTokenRevoke);
    const { createTokenStore } = await import('@kusion/server');
    if (!(await createTokenStore(resolveKusionHome()).revoke(args.id))) {
      throw new KusionError('NOT_FOUND', `no token with id "${args.id}"`, {
        hint: '`kusion serve token list` shows the ids',
      });
    }
    this.emit({ revoked: args.id }, () => `Revoked token ${args.id}`);
  }
}
