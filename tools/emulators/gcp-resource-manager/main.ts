/**
 * `npm run -s emulator:gcp-resource-manager [-- --operation-polls N --organization ID ...]`:
 * starts the emulator on free loopback ports, prints one JSON line
 * `{ "endpoint": "127.0.0.1:PORT", "restEndpoint", "controlEndpoint", "pid" }` and runs until
 * SIGTERM or SIGINT.
 */
import { parseArgs } from 'node:util';
import { startGcpResourceManagerEmulator } from './emulator.ts';

const { values } = parseArgs({
  options: {
    'operation-polls': { type: 'string' },
    organization: { type: 'string', multiple: true },
    port: { type: 'string' },
    'rest-port': { type: 'string' },
  },
  strict: true,
});

const number = (text: string | undefined): number | undefined =>
  text === undefined ? undefined : Number(text);
const polls = number(values['operation-polls']);
const port = number(values.port);
const restPort = number(values['rest-port']);

const emulator = await startGcpResourceManagerEmulator({
  ...(values.organization ? { organizations: values.organization.map((id) => ({ id })) } : {}),
  ...(polls === undefined ? {} : { operationPollsToComplete: polls }),
  ...(port === undefined ? {} : { port }),
  ...(restPort === undefined ? {} : { restPort }),
});

process.stdout.write(
  `${JSON.stringify({
    endpoint: emulator.endpoint,
    restEndpoint: emulator.restEndpoint,
    controlEndpoint: emulator.controlEndpoint,
    pid: process.pid,
  })}\n`,
);

let isStopping = false;
const stop = (): void => {
  if (isStopping) return;
  isStopping = true;
  emulator.close().then(
    () => process.exit(0),
    (error: unknown) => {
      console.error(error);
      process.exit(1);
    },
  );
};
process.on('SIGTERM', stop);
process.on('SIGINT', stop);
