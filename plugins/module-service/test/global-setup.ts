/** The real peers the deploy tests run against, started once for the run and stopped by pid. */
import { peersGlobalSetup } from '@kusion/test-peers';

export default peersGlobalSetup({ kubeApiserver: true });
