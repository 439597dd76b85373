/**
 * A scratch project (see `test/support/project.ts`) whose workspace uses the Kubernetes provider
 * against the test apiserver; it keeps every command's output, so that a test can check that no
 * secret was ever printed.
 */
import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { RunOptions, RunResult } from '../../test/support/kusion.ts';
import { createProject } from '../../test/support/project.ts';
import type { ScratchProject, TestResource } from '../../test/support/project.ts';

export interface KubeProject {
  readonly project: ScratchProject;
  /** Every kusion command run so far, in order. */
  readonly runs: readonly RunResult[];
  run(args: readonly string[], options?: Partial<RunOptions>): Promise<RunResult>;
  writeResources(resources: readonly TestResource[]): Promise<void>;
  /** Files under KUSION_HOME (state, releases, workspaces) containing any of `texts`. */
  stateFilesContaining(texts: readonly string[]): Promise<string[]>;
}

export async function createKubeProject(
  name: string,
  kubeconfigPath: string,
  resources: readonly TestResource[] = [],
): Promise<KubeProject> {
  const project = await createProject({ name, resources });
  const runs: RunResult[] = [];
  const run = async (args: readonly string[], options?: Partial<RunOptions>) => {
    const result = await project.run(args, options);
    runs.push(result);
    return result;
  };
  const workspace = await project.writeWorkspaceFile(
    'dev',
    {},
    { providers: { kubernetes: { kubeconfig: kubeconfigPath } } },
  );
  const created = await run(['workspace', 'create', 'dev', '-f', workspace]);
  if (created.exitCode !== 0) throw new Error(`workspace create failed\n${created.transcript}`);
  return {
    project,
    runs,
    run,
    writeResources: (list) => project.writeResources(list),
    async stateFilesContaining(texts) {
      const found: string[] = [];
      const entries = await readdir(project.kusionHome, { recursive: true, withFileTypes: true });
      for (const entry of entries) {
        if (!entry.isFile()) continue;
        const path = join(entry.parentPath, entry.name);
        const content = await readFile(path, 'utf8');
        if (texts.some((text) => content.includes(text))) found.push(path);
      }
      return found;
    },
  };
}
