import { listConfig } from '@kusion/core';
import { KusionCommand } from '../../base-command.js';

export default class ConfigList extends KusionCommand {
  static override summary = 'List the items set in $KUSION_HOME/config.yaml';
  static override description = 'One item a line, as `config get` names them; secret items masked.';
  static override examples = [
    '<%= config.bin %> config list',
    '<%= config.bin %> config list --json',
  ];

  async run(): Promise<void> {
    await this.parse(ConfigList);
    const items = await listConfig();
    this.emit({ items }, () => {
      const lines = Object.entries(items).map(([key, value]) => `${key}: ${String(value)}`);
      return lines.length ? lines.join('\n') : 'No config items set (the local backend is used).';
    });
  }
}
