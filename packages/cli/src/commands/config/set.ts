import { setConfig } from '@kusion/core';
import { Args } from '@oclif/core';
import { KusionCommand } from '../../base-command.js';

export default class ConfigSet extends KusionCommand {
  static override summary = 'Set one item of $KUSION_HOME/config.yaml';
  static override description =
    'backends.<name> and backends.<name>.configs take a JSON object; the file keeps its comments and is readable by its owner only.';
  static override examples = [
    '<%= config.bin %> config set backends.current team',
    '<%= config.bin %> config set backends.team.type s3',
    '<%= config.bin %> config set backends.team.configs \'{"bucket":"kusion-state","region":"eu-west-1"}\'',
  ];
  static override args = {
    key: Args.string({ description: 'Config item', required: true }),
    value: Args.string({ description: 'Its value (JSON for an object)', required: true }),
  };

  async run(): Promise<void> {
    const { args } = await this.parse(ConfigSet);
    await setConfig(args.key, args.value);
    this.emit({ key: args.key }, () => `Set ${args.key}`);
  }
}
