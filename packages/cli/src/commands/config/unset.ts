import { unsetConfig } from '@kusion/core';
import { Args } from '@oclif/core';
import { KusionCommand } from '../../base-command.js';

export default class ConfigUnset extends KusionCommand {
  static override summary = 'Remove one item of $KUSION_HOME/config.yaml';
  static override description =
    'Removing the current backend (backends.<name>) also clears backends.current.';
  static override examples = ['<%= config.bin %> config unset backends.current'];
  static override args = { key: Args.string({ description: 'Config item', required: true }) };

  async run(): Promise<void> {
    const { args } = await this.parse(ConfigUnset);
    await unsetConfig(args.key);
    this.emit({ key: args.key }, () => `Unset ${args.key}`);
  }
}
