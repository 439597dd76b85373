import { spawn } from 'node:child_process';
import { generateKeyPair, randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { onProcessEnd } from './cleanup.ts';
import { getFreePorts } from './free-port.ts';
import { answers, httpRequest } from './http.ts';
import { findOnPath, isExecutable, peersCacheDir } from './paths.ts';
import { startProcessPeer, type PeerProcess, type ProcessPeer } from './process-peer.ts';

/** The Kubernetes version `kube-apiserver/build.sh` builds (Debian bookworm's `kubernetes` source). */
export const KUBERNETES_VERSION = '1.20.2';

export interface KubeApiserverOptions {
  /**
   * Also run kube-controller-manager (namespace deletion, Deployment → ReplicaSet → Pods, garbage
   * collection, service-account tokens). Default false. Adds about a second to start-up.
   */
  readonly withControllerManager?: boolean;
  /**
   * Directory for the data, certificates, kubeconfig and logs. Default: a new temporary directory,
   * removed by `stop()`. A given directory is kept; its etcd data and certificates are replaced.
   */
  readonly dir?: string;
  /**
   * Let the processes outlive this Node process, each in its own session, once the start has
   * succeeded (the CLI's `start`; stop them later by pid with `stopProcess`). Default false: they
   * are killed when this Node process exits or dies of SIGINT, SIGTERM or SIGHUP.
   */
  readonly detached?: boolean;
}

export interface KubeApiserverPeer {
  /** A kubeconfig (YAML) for `server` with `caPem` and `token`; its context is `kusion-test`. */
  readonly kubeconfigPath: string;
  /** `https://127.0.0.1:PORT` */
  readonly server: string;
  /** Bearer token of a `system:masters` user. */
  readonly token: string;
  /** The PEM bundle that verifies the apiserver's self-signed serving certificate. */
  readonly caPem: string;
  readonly dir: string;
  /** etcd, kube-apiserver and, if asked for, kube-controller-manager, in start order. */
  readonly processes: readonly PeerProcess[];
  /** Stops every process (controller-manager and apiserver first, then etcd). Idempotent. */
  stop(): Promise<void>;
}

const START_ATTEMPTS = 3;

/**
 * Starts etcd and a real kube-apiserver (and optionally kube-controller-manager) on free loopback
 * ports and resolves once `/readyz` answers. Builds the binaries first if they are not cached
 * (minutes; see `kube-apiserver/build.sh`).
 */
export async function startKubeApiserver(
  options: KubeApiserverOptions = {},
): Promise<KubeApiserverPeer> {
  const binaries = await ensureKubeBinaries();
  const isOwnDir = options.dir === undefined;
  const dir = options.dir ?? (await mkdtemp(join(tmpdir(), 'kusion-kube-')));
  await mkdir(dir, { recursive: true });
  for (let attempt = 1; ; attempt += 1) {
    try {
      const peer = await startOnce(binaries, dir, options);
      return {
        ...peer,
        stop: async () => {
          await peer.stop();
          if (isOwnDir) await rm(dir, { recursive: true, force: true });
        },
      };
    } catch (error) {
      // Another process may have taken one of the ports between picking and binding it.
      const isPortTaken = error instanceof Error && /address already in use/i.test(error.message);
      if (!isPortTaken || attempt >= START_ATTEMPTS) throw error;
    }
  }
}

export interface KubeBinaries {
  readonly etcd: string;
  readonly kubeApiserver: string;
  readonly kubeControllerManager: string;
}

/** The directory holding the cached kube-apiserver and kube-controller-manager binaries. */
export function kubeBinariesDir(): string {
  return join(peersCacheDir(), `kubernetes-${KUBERNETES_VERSION}`, 'bin');
}

let ensuringBinaries: Promise<KubeBinaries> | undefined;

/** Resolves the binaries, running `kube-apiserver/build.sh` first if any is missing. */
export function ensureKubeBinaries(): Promise<KubeBinaries> {
  ensuringBinaries ??= resolveOrBuildBinaries().catch((error: unknown) => {
    ensuringBinaries = undefined;
    throw error;
  });
  return ensuringBinaries;
}

async function resolveOrBuildBinaries(): Promise<KubeBinaries> {
  const binDir = kubeBinariesDir();
  const find = (): KubeBinaries | undefined => {
    const etcd =
      findOnPath('etcd') ?? (isExecutable('/usr/bin/etcd') ? '/usr/bin/etcd' : undefined);
    const kubeApiserver = join(binDir, 'kube-apiserver');
    const kubeControllerManager = join(binDir, 'kube-controller-manager');
    if (etcd === undefined || !isExecutable(kubeApiserver) || !isExecutable(kubeControllerManager))
      return undefined;
    return { etcd, kubeApiserver, kubeControllerManager };
  };
  const found = find();
  if (found !== undefined) return found;

  const script = fileURLToPath(new URL('../kube-apiserver/build.sh', import.meta.url));
  console.error(
    `test-peers: kube-apiserver ${KUBERNETES_VERSION} or etcd is missing; running ${script} ` +
      `(builds from Debian's source into ${binDir}; takes 3–5 minutes once)`,
  );
  const code = await new Promise<number | null>((resolve, reject) => {
    // Its own process group, so that make and the Go compilers stop with it if we end first.
    const build = spawn('bash', [script], { stdio: ['ignore', 2, 2], detached: true });
    const forget = onProcessEnd(() => {
      if (build.pid !== undefined) process.kill(-build.pid, 'SIGTERM');
    });
    build.once('error', (error) => {
      forget();
      reject(error);
    });
    build.once('exit', (exitCode) => {
      forget();
      resolve(exitCode);
    });
  });
  if (code !== 0) throw new Error(`${script} failed with exit code ${String(code)}`);
  const built = find();
  if (built === undefined)
    throw new Error(`${script} succeeded but the binaries are still missing in ${binDir}`);
  return built;
}

async function startOnce(
  binaries: KubeBinaries,
  dir: string,
  options: KubeApiserverOptions,
): Promise<KubeApiserverPeer> {
  const detached = options.detached ?? false;
  const [etcdClientPort, etcdPeerPort, apiserverPort] = (await getFreePorts(3)) as [
    number,
    number,
    number,
  ];
  const etcdDataDir = join(dir, 'etcd-data');
  const certDir = join(dir, 'certs');
  await Promise.all([
    rm(etcdDataDir, { recursive: true, force: true }),
    rm(certDir, { recursive: true, force: true }),
  ]);
  await mkdir(certDir, { recursive: true });

  const started: ProcessPeer[] = [];
  const stopAll = async (): Promise<void> => {
    const [etcd, ...others] = started;
    await Promise.all(others.map((peer) => peer.stop()));
    await etcd?.stop();
  };

  try {
    const etcdUrl = `http://127.0.0.1:${etcdClientPort}`;
    const etcdPeerUrl = `http://127.0.0.1:${etcdPeerPort}`;
    const [, keys] = await Promise.all([
      startProcessPeer({
        name: 'etcd',
        command: binaries.etcd,
        args: [
          '--name=default',
          `--data-dir=${etcdDataDir}`,
          `--listen-client-urls=${etcdUrl}`,
          `--advertise-client-urls=${etcdUrl}`,
          `--listen-peer-urls=${etcdPeerUrl}`,
          `--initial-advertise-peer-urls=${etcdPeerUrl}`,
          `--initial-cluster=default=${etcdPeerUrl}`,
          '--unsafe-no-fsync',
          // A single member elects itself: no need to wait the default 1 s election timeout.
          '--heartbeat-interval=10',
          '--election-timeout=100',
          '--logger=zap',
        ],
        logFile: join(dir, 'etcd.log'),
        isReady: () => answers(`${etcdUrl}/health`),
        detached,
      }).then((peer) => {
        started.push(peer);
        return peer;
      }),
      generateServiceAccountKeys(dir),
    ]);

    const token = randomBytes(24).toString('hex');
    const tokenFile = join(dir, 'tokens.csv');
    await writeFile(tokenFile, `${token},admin,admin,system:masters\n`, { mode: 0o600 });

    const server = `https://127.0.0.1:${apiserverPort}`;
    const servingCert = join(certDir, 'apiserver.crt');
    const authorization = { Authorization: `Bearer ${token}` };
    const apiserver = await startProcessPeer({
      name: 'kube-apiserver',
      command: binaries.kubeApiserver,
      args: [
        `--etcd-servers=http://127.0.0.1:${etcdClientPort}`,
        '--bind-address=127.0.0.1',
        '--advertise-address=127.0.0.1',
        `--secure-port=${apiserverPort}`,
        '--insecure-port=0',
        `--cert-dir=${certDir}`,
        `--token-auth-file=${tokenFile}`,
        '--authorization-mode=RBAC',
        '--service-account-issuer=https://kubernetes.default.svc',
        `--service-account-key-file=${keys.publicKeyFile}`,
        `--service-account-signing-key-file=${keys.privateKeyFile}`,
        '--service-cluster-ip-range=10.0.0.0/24',
        '--enable-priority-and-fairness=false',
        '--profiling=false',
        // The `kubernetes` Service's endpoint would be 127.0.0.1, which Endpoints validation rejects
        // (logged every 10 s); nothing in the tests routes to it.
        '--endpoint-reconciler-type=none',
        // Without the controller-manager nothing creates the `default` ServiceAccount and its token,
        // so the ServiceAccount admission plugin would reject every Pod; a real cluster accepts them.
        ...(options.withControllerManager === true
          ? []
          : ['--disable-admission-plugins=ServiceAccount']),
      ],
      logFile: join(dir, 'kube-apiserver.log'),
      isReady: async () =>
        existsSync(servingCert) &&
        answers(`${server}/readyz`, {
          ca: await readFile(servingCert, 'utf8'),
          headers: authorization,
        }),
      readyTimeoutMs: 90_000,
      detached,
    });
    started.push(apiserver);

    const caPem = await readFile(servingCert, 'utf8');
    const kubeconfigPath = join(dir, 'kubeconfig');
    await writeFile(kubeconfigPath, renderKubeconfig(server, caPem, token), { mode: 0o600 });

    if (options.withControllerManager === true) {
      const controllerManager = await startProcessPeer({
        name: 'kube-controller-manager',
        command: binaries.kubeControllerManager,
        args: [
          `--kubeconfig=${kubeconfigPath}`,
          '--leader-elect=false',
          '--port=0',
          '--secure-port=0',
          `--service-account-private-key-file=${keys.privateKeyFile}`,
          `--root-ca-file=${servingCert}`,
          '--use-service-account-credentials=false',
          // Everything on by default except what needs a cloud provider (skipped with errors anyway).
          '--controllers=*,-service,-route,-cloud-node-lifecycle',
          '--kube-api-qps=200',
          '--kube-api-burst=400',
        ],
        logFile: join(dir, 'kube-controller-manager.log'),
        // Ready once the service-account and token controllers have run: the default namespace's
        // `default` ServiceAccount exists and has its token secret (Pods need both to be admitted).
        isReady: async () => {
          const response = await httpRequest(
            `${server}/api/v1/namespaces/default/serviceaccounts/default`,
            {
              ca: caPem,
              headers: authorization,
            },
          );
          if (response.status !== 200) return false;
          const account = JSON.parse(response.body) as { secrets?: unknown[] };
          return (account.secrets?.length ?? 0) > 0;
        },
        detached,
      });
      started.push(controllerManager);
    }

    if (detached) for (const peer of started) peer.release();
    return {
      kubeconfigPath,
      server,
      token,
      caPem,
      dir,
      processes: started.map(({ name, pid, startTime }) => ({
        name,
        pid,
        ...(startTime === undefined ? {} : { startTime }),
      })),
      stop: stopAll,
    };
  } catch (error) {
    await stopAll();
    throw error;
  }
}

async function generateServiceAccountKeys(
  dir: string,
): Promise<{ privateKeyFile: string; publicKeyFile: string }> {
  const { privateKey, publicKey } = await promisify(generateKeyPair)('rsa', {
    modulusLength: 2048,
    publicKeyEncoding: { type: 'spki', format: 'pem' },
    privateKeyEncoding: { type: 'pkcs1', format: 'pem' },
  });
  const privateKeyFile = join(dir, 'sa.key');
  const publicKeyFile = join(dir, 'sa.pub');
  await Promise.all([
    writeFile(privateKeyFile, privateKey, { mode: 0o600 }),
    writeFile(publicKeyFile, publicKey),
  ]);
  return { privateKeyFile, publicKeyFile };
}

/** A kubeconfig for `server` (trusting `caPem`) with a bearer token: the peer's, or a proxy's in front of it. */
export function renderKubeconfig(server: string, caPem: string, token: string): string {
  const caData = Buffer.from(caPem).toString('base64');
  return [
    'apiVersion: v1',
    'kind: Config',
    'clusters:',
    '  - name: kusion-test',
    '    cluster:',
    `      server: ${server}`,
    `      certificate-authority-data: ${caData}`,
    'users:',
    '  - name: kusion-test-admin',
    '    user:',
    `      token: ${token}`,
    'contexts:',
    '  - name: kusion-test',
    '    context:',
    '      cluster: kusion-test',
    '      user: kusion-test-admin',
    'current-context: kusion-test',
    '',
  ].join('\n');
}
