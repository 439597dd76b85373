export { getFreePort, getFreePorts } from './free-port.ts';
export {
  isProcessAlive,
  readLogTail,
  startProcessPeer,
  stopProcess,
  type PeerProcess,
  type ProcessPeer,
  type StartProcessOptions,
} from './process-peer.ts';
export {
  KUBERNETES_VERSION,
  ensureKubeBinaries,
  kubeBinariesDir,
  renderKubeconfig,
  startKubeApiserver,
  type KubeApiserverOptions,
  type KubeApiserverPeer,
  type KubeBinaries,
} from './kube-apiserver.ts';
export { motoEnv, startMoto, type MotoOptions, type MotoPeer } from './moto.ts';
export { peersCacheDir } from './paths.ts';
export { startPostgres, type PostgresOptions, type PostgresPeer } from './postgres.ts';
