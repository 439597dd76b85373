/**
 * Plugins named in project.yaml, loaded by the packed CLI from the project's node_modules: the
 * policy plugin (installed from its tarball) stops a deploy before any apply, naming rule and
 * resource, in text and `--json`; without the rule the deploy goes through; `plugin list` says
 * where it came from and what it taps.
 */
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { deployOk, expectErrorDocument, expectExit } from './support/expectations.ts';
import { createProjectWithWorkspace } from './support/project.ts';

const RESOURCES = [
  { id: 'test:assets', attributes: { public: true } },
  { id: 'test:app', attributes: { image: 'web:1', replicas: 2 } },
];

describe('plugins from project.yaml: @kusion/plugin-policy', () => {
  it('stops a deploy that breaks a rule before anything is applied; removing the rule lets it through', async () => {
    const project = await createProjectWithWorkspace({
      resources: RESOURCES,
      hasNodeModules: true,
    });
    await writeFile(
      join(project.root, 'project.yaml'),
      'name: e2e-app\nplugins:\n  - package: policy\n    settings: { rules: ./policy.yaml }\n',
    );
    const policy = join(project.root, 'policy.yaml');
    await writeFile(
      policy,
      'rules:\n  - name: no-public-buckets\n    kind: deny-public-buckets\n  - name: replicas\n    kind: limit-replicas\n    max: { dev: 1 }\n',
    );

    const refused = await project.run(['deploy', '--yes']);
    expectExit(refused, 1);
    expect(refused.stderr).toContain(
      'Error [POLICY_FAILED]: the plan breaks 2 policies: test:assets: public bucket: it is marked public: true (rule no-public-buckets); test:app: 2 replicas, more than the 1 allowed in workspace "dev" (rule replicas)',
    );
    expect(await project.operations()).toEqual([]);

    const json = await project.run(['deploy', '--yes', '--json']);
    expectExit(json, 1);
    const document = json.json<{ error: { violations: unknown[] } }>();
    expect(document.error.violations).toEqual([
      {
        resourceId: 'test:assets',
        rule: 'no-public-buckets',
        message: 'public bucket: it is marked public: true',
        severity: 'error',
      },
      {
        resourceId: 'test:app',
        rule: 'replicas',
        message: '2 replicas, more than the 1 allowed in workspace "dev"',
        severity: 'error',
      },
    ]);
    expectErrorDocument(json, 'POLICY_FAILED');
    const preview = await project.run(['preview']);
    expectExit(preview, 1);
    expect(preview.stderr).toContain('POLICY_FAILED');

    const list = await project.run(['plugin', 'list', '--json']);
    expectExit(list, 0);
    const plugins = list.json<{
      plugins: {
        name: string;
        packageName?: string;
        declaredIn: string;
        taps: { hook: string }[];
        registers: string[];
      }[];
    }>().plugins;
    expect(plugins.find((p) => p.name === 'policy')).toMatchObject({
      packageName: '@kusion/plugin-policy',
      declaredIn: 'project.yaml',
      taps: [{ hook: 'validatePlan' }],
    });
    expect(plugins.find((p) => p.name === 'provider-test')).toMatchObject({
      packageName: '@kusion/testkit',
      registers: ['provider test (Test)'],
    });

    await writeFile(
      policy,
      'rules:\n  - name: replicas\n    kind: limit-replicas\n    max: { dev: 3 }\n',
    );
    const deployed = await deployOk(project);
    expect(deployed.summary.create).toBe(2);
  });
});
