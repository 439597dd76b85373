/** kubectl, as the other person on the cluster: the user's own reads, edits and field managers. */
import { spawn } from 'node:child_process';

export interface KubectlResult {
  readonly exitCode: number | null;
  readonly stdout: string;
  readonly stderr: string;
  /** The command and its output, for assertion messages. */
  readonly transcript: string;
}

export interface Kubectl {
  run(args: readonly string[], input?: string): Promise<KubectlResult>;
  /** Runs and throws unless it exits 0; answers stdout. */
  ok(args: readonly string[], input?: string): Promise<string>;
  /** `kubectl get ... -o json`, parsed. */
  getJson<T = Record<string, unknown>>(args: readonly string[]): Promise<T>;
  /** Whether `kubectl get <args>` finds the object (false on NotFound). */
  exists(args: readonly string[]): Promise<boolean>;
}

/** A kubectl bound to one kubeconfig, with its discovery cache kept out of the user's home. */
export function createKubectl(kubeconfigPath: string, cacheDir: string): Kubectl {
  const kubectl: Kubectl = {
    run(args, input) {
      return new Promise((resolve, reject) => {
        const child = spawn('kubectl', ['--cache-dir', cacheDir, ...args], {
          env: { ...process.env, KUBECONFIG: kubeconfigPath },
          stdio: ['pipe', 'pipe', 'pipe'],
        });
        let stdout = '';
        let stderr = '';
        child.stdout.setEncoding('utf8').on('data', (chunk: string) => (stdout += chunk));
        child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
        child.stdin.on('error', () => undefined);
        child.stdin.end(input ?? '');
        child.on('error', reject);
        child.on('close', (exitCode) => {
          const transcript = `$ kubectl ${args.join(' ')}\nexit ${String(exitCode)}\n--- stdout ---\n${stdout}\n--- stderr ---\n${stderr}`;
          resolve({ exitCode, stdout, stderr, transcript });
        });
      });
    },
    async ok(args, input) {
      const result = await kubectl.run(args, input);
      if (result.exitCode !== 0) throw new Error(`kubectl failed\n${result.transcript}`);
      return result.stdout;
    },
    async getJson<T>(args: readonly string[]) {
      return JSON.parse(
        await kubectl.ok(['get', ...args, '--show-managed-fields', '-o', 'json']),
      ) as T;
    },
    async exists(args) {
      const result = await kubectl.run(['get', ...args, '-o', 'name']);
      if (result.exitCode === 0) return true;
      if (/NotFound|not found|the server doesn't have a resource type/i.test(result.stderr))
        return false;
      throw new Error(`kubectl get failed\n${result.transcript}`);
    },
  };
  return kubectl;
}
