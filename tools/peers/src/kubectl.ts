/**
 * `kubectl get -o json` against a test kube-apiserver, for tests that check what really landed on
 * the server (not what a provider reported). Undefined when the object does not exist.
 */
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';

const run = promisify(execFile);

export async function kubectlGetJson(
  kubeconfigPath: string,
  kind: string,
  name: string,
  namespace?: string,
): Promise<Record<string, unknown> | undefined> {
  const args = ['--kubeconfig', kubeconfigPath, 'get', kind, name, '-o', 'json'];
  if (namespace !== undefined) args.push('--namespace', namespace);
  try {
    const { stdout } = await run('kubectl', args);
    return JSON.parse(stdout) as Record<string, unknown>;
  } catch (error) {
    if (String((error as { stderr?: unknown }).stderr).includes('NotFound')) return undefined;
    throw error;
  }
}
