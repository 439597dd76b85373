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
export {
  isDiscovery,
  startCountingProxy,
  verbOf,
  type CountingProxy,
  type RequestCounts,
  type Upstream,
} from './counting-proxy.ts';
export {
  AZURITE_ACCOUNT,
  AZURITE_ACCOUNT_KEY,
  startAzurite,
  type AzuriteOptions,
  type AzuritePeer,
} from './azurite.ts';
export {
  peersGlobalSetup,
  type PeersGlobalSetupOptions,
  type ProvidingProject,
} from './vitest-setup.ts';
export { kubectlGetJson } from './kubectl.ts';
export { awsCliJson, cfnLint, type CfnLintMatch } from './aws-tools.ts';
export { startPostgres, type PostgresOptions, type PostgresPeer } from './postgres.ts';
export { findTerraformTooling, type TerraformTooling } from './terraform.ts';
