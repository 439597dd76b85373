import { isKusionError } from '@kusion/sdk';
import pc from 'picocolors';
import { describe, expect, it } from 'vitest';
import type { Terminal } from './terminal.js';
import { createTerminalIoHost } from './terminal-io-host.js';

function terminal(mode: Terminal['mode'], isInteractive: boolean, lines: string[]): Terminal {
  return {
    mode,
    isInteractive,
    colors: pc.createColors(false),
    stdout: process.stdout,
    out: (t) => lines.push(t),
    err: (t) => lines.push(t),
  };
}

describe('the terminal IoHost', () => {
  it('refuses to confirm when nobody can answer', async () => {
    const io = createTerminalIoHost({
      terminal: terminal('plain', false, []),
      isDebug: false,
      showsPlan: true,
      isDetailed: false,
    });
    const error = await io
      .requestResponse({ code: 'CONFIRM_APPLY', message: 'Apply?', defaultResponse: false })
      .catch((e: unknown) => e);
    expect(isKusionError(error) && error.code).toBe('CONFIRMATION_REQUIRED');
  });

  it('prints nothing in JSON mode but collects warnings for the envelope, and prints warnings on stderr otherwise', async () => {
    const lines: string[] = [];
    const warnings: { code: string; message: string }[] = [];
    const onWarning = (warning: { code: string; message: string }) => warnings.push(warning);
    const silent = createTerminalIoHost({
      terminal: terminal('json', false, lines),
      isDebug: false,
      showsPlan: true,
      isDetailed: false,
      onWarning,
    });
    await silent.notify({
      level: 'warn',
      code: 'RELEASE_INTERRUPTED',
      message: 'careful',
      data: { revision: 2 },
    });
    expect(lines).toEqual([]);
    expect(warnings).toEqual([{ code: 'RELEASE_INTERRUPTED', message: 'careful' }]);
    const plain = createTerminalIoHost({
      terminal: terminal('plain', false, lines),
      isDebug: false,
      showsPlan: false,
      isDetailed: false,
    });
    await plain.notify({
      level: 'warn',
      code: 'PROVIDER_NOTICE',
      message: 'careful',
      data: { provider: 'aws' },
    });
    await plain.notify({
      level: 'debug',
      code: 'PROVIDER_NOTICE',
      message: 'hidden without --debug',
      data: { provider: 'aws' },
    });
    await plain.notify({
      level: 'info',
      code: 'PROVIDER_DETAIL',
      message: 'template',
      data: { title: 'Template', text: '{}' },
    });
    expect(lines).toEqual(['Warning: careful']);
  });
});
