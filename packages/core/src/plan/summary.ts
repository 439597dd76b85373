import type { ChangeSummary, PlannedChange } from '@kusion/sdk';

/** Counts changes per action. */
export function summarize(
  changes: readonly { readonly action: PlannedChange['action'] }[],
): ChangeSummary {
  const summary = { create: 0, update: 0, replace: 0, delete: 0, unchanged: 0 };
  for (const change of changes) {
    switch (change.action) {
      case 'Create':
        summary.create++;
        break;
      case 'Update':
        summary.update++;
        break;
      case 'Replace':
        summary.replace++;
        break;
      case 'Delete':
        summary.delete++;
        break;
      case 'UnChanged':
        summary.unchanged++;
        break;
    }
  }
  return summary;
}
