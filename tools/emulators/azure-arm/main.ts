/**
 * `npm run -s emulator:azure-arm`: starts the ARM emulator on a free loopback port, prints one
 * JSON line (`endpoint`, `caFile`, `pid`, `subscriptionId`, `tenantId`, `controlEndpoint`) and
 * runs until SIGTERM or SIGINT. Options: `--port N`, `--running-polls N`, `--subscription-id ID`,
 * `--tenant-id ID`.
 */
import { parseArgs } from 'node:util';
import { startArmEmulator } from './emulator.ts';

const USAGE =
  'usage: node tools/emulators/azure-arm/main.ts [--port N] [--running-polls N] [--subscription-id ID] [--tenant-id ID]';

function parseOptions(): ReturnType<typeof parse> {
  try {
    return parse();
  } catch (error) {
    console.error(`${error instanceof Error ? error.message : String(error)}\n${USAGE}`);
    process.exit(2);
  }
}

function parse() {
  return parseArgs({
    options: {
      port: { type: 'string' },
      'running-polls': { type: 'string' },
      'subscription-id': { type: 'string' },
      'tenant-id': { type: 'string' },
    },
    strict: true,
  });
}

const { values } = parseOptions();

function wholeNumber(name: string, text: string | undefined): number | undefined {
  if (text === undefined) return undefined;
  const value = Number(text);
  if (!Number.isInteger(value) || value < 0) {
    console.error(`--${name} must be a whole number ≥ 0, not ${text}`);
    process.exit(2);
  }
  return value;
}

const port = wholeNumber('port', values.port);
const runningPolls = wholeNumber('running-polls', values['running-polls']);
const emulator = await startArmEmulator({
  ...(port === undefined ? {} : { port }),
  ...(runningPolls === undefined ? {} : { runningPolls }),
  ...(values['subscription-id'] === undefined ? {} : { subscriptionId: values['subscription-id'] }),
  ...(values['tenant-id'] === undefined ? {} : { tenantId: values['tenant-id'] }),
});

console.log(
  JSON.stringify({
    endpoint: emulator.endpoint,
    caFile: emulator.caFile,
    pid: process.pid,
    subscriptionId: emulator.subscriptionId,
    tenantId: emulator.tenantId,
    controlEndpoint: `${emulator.endpoint}/_emulator`,
  }),
);

let isStopping = false;
for (const signal of ['SIGTERM', 'SIGINT'] as const)
  process.on(signal, () => {
    if (isStopping) return;
    isStopping = true;
    emulator.close().then(
      () => process.exit(0),
      (error: unknown) => {
        console.error(`arm emulator: ${String(error)}`);
        process.exit(1);
      },
    );
  });
