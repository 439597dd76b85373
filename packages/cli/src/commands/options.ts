import { KusionCommand } from '../base-command.js';

export default class Options extends KusionCommand {
  static override summary = 'The flags every command accepts';
  static override description =
    "KusionStack Kusion's `kusion options`: the global flags, inherited by all commands.";
  static override examples = ['<%= config.bin %> options', '<%= config.bin %> options --json'];

  async run(): Promise<void> {
    await this.parse(Options);
    const flags = Object.entries(KusionCommand.baseFlags).map(([name, flag]) => ({
      name,
      description: flag.description ?? '',
      allowNo: 'allowNo' in flag && flag.allowNo,
    }));
    this.emit({ flags }, () =>
      [
        'The following options can be passed to any command:',
        '',
        ...flags.map(
          (flag) => `  --${flag.allowNo ? '[no-]' : ''}${flag.name}\n      ${flag.description}`,
        ),
      ].join('\n'),
    );
  }
}
