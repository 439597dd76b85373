import { rotateSealingKey } from '@kusion/core';
import { KusionCommand } from '../../base-command.js';

export default class SecretsRotate extends KusionCommand {
  static override summary = "Re-wrap the backend's data key with the key service config.yaml names";
  static override description =
    "Change the backend's sealing settings (a new KMS key id, a new passphrase variable), then run this: the data key is unwrapped with what it was wrapped with and wrapped again with the new settings. Its fingerprint stays the same, so every sealed release still opens.";
  static override examples = [
    '<%= config.bin %> secrets rotate',
    '<%= config.bin %> secrets rotate --backend team --json',
  ];

  async run(): Promise<void> {
    await this.parse(SecretsRotate);
    const rotation = await rotateSealingKey(this.engineOptions());
    this.emit(rotation, () =>
      [
        `Re-wrapped data key ${rotation.keyId} (${rotation.location})`,
        `  was wrapped by: ${rotation.previous.service}`,
        `  now wrapped by: ${rotation.wrappedBy}`,
      ].join('\n'),
    );
  }
}
