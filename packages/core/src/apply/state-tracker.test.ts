import type { StateJournalEntry, Resource, StateJournal } from '@kusion/sdk';
import { describe, expect, it } from 'vitest';
import { buildResourceGraph } from '../graph/resource-graph.js';
import { createStateTracker } from './state-tracker.js';

function recordingJournal(): StateJournal & { entries: StateJournalEntry[] } {
  const entries: StateJournalEntry[] = [];
  return {
    entries,
    append: (entry) => {
      entries.push(entry);
      return Promise.resolve();
    },
    close: () => Promise.resolve(),
  };
}

const secret: Resource = {
  id: 'v1:Secret:app:db',
  type: 'Kubernetes',
  attributes: { data: { password: 'hunter2' }, metadata: { labels: { app: 'db' } } },
};

describe('state tracker refresh', () => {
  it('writes nothing when the live object is what is recorded, sensitive values compared hashed', async () => {
    const journal = recordingJournal();
    const seed = createStateTracker([], buildResourceGraph([secret]), recordingJournal());
    await seed.put(secret, secret.attributes, ['data.password']);
    const recorded = seed.snapshot();

    const tracker = createStateTracker(recorded, buildResourceGraph([secret]), journal);
    await tracker.refresh(secret, secret.attributes, ['data.password']);
    expect(journal.entries).toEqual([]);
  });

  it('records a live object changed outside Kusion, hashing its sensitive values', async () => {
    const seed = createStateTracker([], buildResourceGraph([secret]), recordingJournal());
    await seed.put(secret, secret.attributes, ['data.password']);
    const journal = recordingJournal();
    const tracker = createStateTracker(seed.snapshot(), buildResourceGraph([secret]), journal);

    const live = { ...secret.attributes, metadata: { labels: { app: 'db', team: 'ops' } } };
    await tracker.refresh(secret, live, ['data.password']);
    expect(journal.entries).toHaveLength(1);
    const stored = tracker.get(secret.id)?.attributes;
    expect(stored?.['metadata']).toEqual({ labels: { app: 'db', team: 'ops' } });
    expect(JSON.stringify(stored)).not.toContain('hunter2');
  });

  it('records a resource it has no state for (adoption)', async () => {
    const journal = recordingJournal();
    const tracker = createStateTracker([], buildResourceGraph([secret]), journal);
    await tracker.refresh(secret, secret.attributes, []);
    expect(journal.entries).toHaveLength(1);
    expect(tracker.snapshot().map((r) => r.id)).toEqual([secret.id]);
  });
});
