import { getConfig } from '@kusion/core';
import { KusionError } from '@kusion/sdk';
import { toYaml } from '../../output/terminal-libraries.js';
import { Args } from '@oclif/core';
import { KusionCommand } from '../../base-command.js';

export default class ConfigGet extends KusionCommand {
  static override summary = 'Print one item of $KUSION_HOME/config.yaml';
  static override description =
    "KusionStack Kusion's config items: backends.current, backends.<name>, backends.<name>.type, backends.<name>.configs, backends.<name>.configs.<item>. Secret items are shown masked.";
  static override examples = [
    '<%= config.bin %> config get backends.current',
    '<%= config.bin %> config get backends.team.configs --json',
  ];
  static override args = { key: Args.string({ description: 'Config item', required: true }) };

  async run(): Promise<void> {
    const { args } = await this.parse(ConfigGet);
    const value = await getConfig(args.key);
    if (value === undefined) {
      throw new KusionError('INVALID_ARGUMENT', `config item ${args.key} is not set`, {
        hint: 'see what is set with `kusion config list`',
      });
    }
    this.emit({ key: args.key, value }, () =>
      typeof value === 'string' ? value : toYaml(value).trimEnd(),
    );
  }
}
