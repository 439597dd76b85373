import { describe, expect, it } from 'vitest';
import { deltaDiff } from './change-mapping.js';

describe('deltaDiff', () => {
  it('turns what-if property changes into attribute-path diffs, arrays by index', () => {
    expect(
      deltaDiff([
        {
          path: 'properties.accessTier',
          propertyChangeType: 'Modify',
          before: 'Hot',
          after: 'Cool',
        },
        { path: 'tags.team', propertyChangeType: 'Create', after: 'shop' },
        { path: 'tags.old', propertyChangeType: 'Delete', before: 'x' },
        { path: 'properties.skipped', propertyChangeType: 'NoEffect', before: 1, after: 1 },
        {
          path: 'properties.securityRules',
          propertyChangeType: 'Array',
          children: [
            {
              path: '0',
              propertyChangeType: 'Modify',
              children: [
                {
                  path: 'properties.priority',
                  propertyChangeType: 'Modify',
                  before: 100,
                  after: 110,
                },
              ],
            },
            { path: '1', propertyChangeType: 'Create', after: { name: 'ssh' } },
          ],
        },
      ]),
    ).toEqual([
      { path: 'properties.accessTier', kind: 'change', before: 'Hot', after: 'Cool' },
      { path: 'tags.team', kind: 'add', after: 'shop' },
      { path: 'tags.old', kind: 'remove', before: 'x' },
      {
        path: 'properties.securityRules[0].properties.priority',
        kind: 'change',
        before: 100,
        after: 110,
      },
      { path: 'properties.securityRules[1]', kind: 'add', after: { name: 'ssh' } },
    ]);
  });
});
