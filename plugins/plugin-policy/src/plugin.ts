/** The plugin: rules loaded once from its settings, checked against every plan before anything is applied. */
import { definePlugin } from '@kusion/sdk';
import { evaluatePolicy } from './evaluate.js';
import { loadRules } from './rule-file.js';

export const policyPlugin = definePlugin({
  name: 'policy',
  async apply(host) {
    const rules = await loadRules(host.settings, host.projectDir ?? process.cwd());
    host.hooks.validatePlan.tapPromise('rules', (plan, report) => {
      for (const violation of evaluatePolicy(plan, rules)) report.report(violation);
      return Promise.resolve();
    });
  },
});
