import { createRequire } from 'node:module';
import { CONTRACT_VERSION } from '@kusion/sdk';
import { KusionCommand } from '../base-command.js';
import { kusionOutputFlags } from '../flags.js';
import { kusionVersion } from '../output/kusion-documents.js';

const require = createRequire(import.meta.url);

export default class Version extends KusionCommand {
  static override summary = 'Print the versions of kusion, its engine and its contract';
  static override examples = [
    '<%= config.bin %> version',
    '<%= config.bin %> version --json',
    '<%= config.bin %> version -o json',
  ];
  static override flags = { ...kusionOutputFlags };

  async run(): Promise<void> {
    await this.parse(Version);
    const versionOf = (name: string): string =>
      (require(`${name}/package.json`) as { version: string }).version;
    const info = {
      cli: this.config.version,
      core: versionOf('@kusion/core'),
      sdk: versionOf('@kusion/sdk'),
      contract: CONTRACT_VERSION,
      node: process.version,
      platform: `${process.platform}-${process.arch}`,
    };
    this.emitKusion(
      () => kusionVersion(info),
      info,
      () =>
        `kusion ${info.cli} (core ${info.core}, sdk ${info.sdk}, contract ${info.contract}) on node ${info.node} ${info.platform}`,
    );
  }
}
