import { readFile } from 'node:fs/promises';
import { resolveKusionHome } from '@kusion/core';
import { KusionError } from '@kusion/sdk';
import type { ServerLogLine } from '@kusion/server';
import { Flags } from '@oclif/core';
import { KusionCommand } from '../../base-command.js';
import { duration } from '../../flags.js';

export default class Serve extends KusionCommand {
  static override summary =
    'Serve the REST API and the web portal, or work runs from a shared queue';
  static override description =
    "Runs use the same backend, workspaces, locks and providers as the CLI. Projects come from --project-dir folders and --git-source repositories (fetched every --git-refresh; each run records its commit). Loopback only unless --host says otherwise; HTTPS with --tls-cert and --tls-key; CORS off unless --cors-origin. With --queue-url (a PostgreSQL database, e.g. the backend's), runs are queued there and any number of `kusion serve --worker` processes execute them; a worker silent for --heartbeat (killed, cut off) has its run marked failed. Stops on Ctrl-C or SIGTERM, recording runs in flight as failed.";
  static override examples = [
    '<%= config.bin %> serve --project-dir ./apps',
    '<%= config.bin %> serve --host 0.0.0.0 --port 8443 --tls-cert cert.pem --tls-key key.pem --project-dir ./apps',
    '<%= config.bin %> serve --git-source "https://git.example.com/platform/apps.git//teams?ref=main" --git-refresh 1m',
    '<%= config.bin %> serve --queue-url postgres://kusion@db/platform --project-dir ./apps',
    '<%= config.bin %> serve --worker --queue-url postgres://kusion@db/platform --project-dir ./apps',
  ];
  static override flags = {
    port: Flags.integer({
      description: 'Port to listen on (0: any free port)',
      default: 7070,
      min: 0,
      max: 65535,
    }),
    host: Flags.string({ description: 'Address to listen on', default: '127.0.0.1' }),
    'project-dir': Flags.string({
      description: 'A folder holding projects (repeatable); default: the current folder',
      multiple: true,
    }),
    'git-source': Flags.string({
      description:
        'A git repository holding projects (repeatable): <url>[//<sub-path>][?ref=<branch|tag|commit>][&name=<name>]; credentials through git (credential helper, GIT_ASKPASS, ssh-agent), never in the URL',
      multiple: true,
    }),
    'git-refresh': duration({
      description:
        'How often git sources are fetched, e.g. 5m (the default, shown in ms); 0: at start and on POST /api/sources/<name>/refresh only',
      default: 5 * 60_000,
    }),
    'tls-cert': Flags.string({
      description: 'PEM certificate file: serve HTTPS (with --tls-key)',
      dependsOn: ['tls-key'],
    }),
    'tls-key': Flags.string({
      description: 'PEM private key file (with --tls-cert)',
      dependsOn: ['tls-cert'],
    }),
    'cors-origin': Flags.string({
      description: 'An origin allowed by CORS (repeatable); default: CORS off',
      multiple: true,
    }),
    'max-runs': Flags.integer({
      description: 'Runs executing at once in this process',
      default: 4,
      min: 1,
    }),
    worker: Flags.boolean({
      description: 'Serve no HTTP: take runs from the queue (needs --queue-url)',
      default: false,
    }),
    heartbeat: duration({
      description:
        'With --queue-url: a worker silent this long (killed, cut off) is lost and its run marked failed; e.g. 30s (the default, shown in ms), at least 10s',
      default: 30_000,
    }),
    'queue-url': Flags.string({
      description:
        'PostgreSQL connection string of the shared run queue (pg-boss); default: runs execute in this process',
      env: 'KUSION_QUEUE_URL',
    }),
  };

  async run(): Promise<void> {
    const { flags } = await this.parse(Serve);
    const options = this.engineOptions();
    const isJson = this.terminal.mode === 'json';
    // Log lines go to stderr (JSON lines with --json): stdout keeps the one start-up document.
    const log = (line: ServerLogLine): void => {
      const { level, message, ...fields } = line;
      if (isJson) {
        this.terminal.err(JSON.stringify({ time: new Date().toISOString(), ...line }));
        return;
      }
      const extra = Object.entries(fields)
        .filter(([, value]) => value !== undefined)
        .map(([key, value]) => `${key}=${String(value)}`)
        .join(' ');
      this.terminal.err(
        `${new Date().toISOString()} ${level} ${message}${extra ? ` ${extra}` : ''}`,
      );
    };
    const server = await import('@kusion/server');
    const gitSources = (flags['git-source'] ?? []).map((value) => server.parseGitSource(value));
    const common = {
      // The current folder by default, unless git sources are all there is to serve.
      projectDirs: flags['project-dir'] ?? (gitSources.length ? [] : ['.']),
      gitSources,
      kusionHome: resolveKusionHome(),
      backendName: options.backendName,
      maxRuns: flags['max-runs'],
      log,
    };
    if (flags.worker) {
      const queueUrl = flags['queue-url'];
      if (!queueUrl) {
        throw new KusionError('INVALID_ARGUMENT', '--worker needs the queue to take runs from', {
          hint: 'add --queue-url postgres://… (or set KUSION_QUEUE_URL), the same one the API servers use',
        });
      }
      const worker = await server.startWorker({ ...common, queueUrl });
      this.emit(
        { status: 'working', mode: 'worker', maxRuns: flags['max-runs'] },
        () => 'Worker ready: taking runs from the queue (Ctrl-C stops)',
      );
      await untilAborted(options.signal);
      await worker.close();
      return;
    }
    const tls =
      flags['tls-cert'] && flags['tls-key']
        ? {
            cert: await readFile(flags['tls-cert'], 'utf8'),
            key: await readFile(flags['tls-key'], 'utf8'),
          }
        : undefined;
    const running = await server.startServer({
      ...common,
      host: flags.host,
      port: flags.port,
      tls,
      corsOrigins: flags['cors-origin'] ?? [],
      queueUrl: flags['queue-url'],
      gitRefreshIntervalMs: flags['git-refresh'],
      heartbeatSeconds: Math.round(flags.heartbeat / 1000),
    });
    // A source that could not be fetched serves nothing, and the server serves the rest.
    for (const { error } of running.sources) {
      if (error) this.addWarning(error.code, `${error.message} (${error.hint ?? ''})`);
    }
    this.emit(
      {
        status: 'serving',
        url: running.url,
        mode: running.mode,
        maxRuns: flags['max-runs'],
        sources: running.sources,
      },
      () =>
        `Serving on ${running.url} (runs ${running.mode === 'queue' ? 'queued for workers' : 'in this process'}); the portal is at ${running.url}/ — Ctrl-C stops`,
    );
    await untilAborted(options.signal);
    await running.close();
  }
}

function untilAborted(signal: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    if (signal.aborted) resolve();
    else
      signal.addEventListener(
        'abort',
        () => {
          resolve();
        },
        { once: true },
      );
  });
}
