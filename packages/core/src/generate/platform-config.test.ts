import { describe, expect, it } from 'vitest';
import { platformConfigFor } from './platform-config.js';

const settings = {
  configs: {
    default: {
      replicas: 2,
      labels: { team: 'web', tier: 'gold' },
      importedResources: { 'aws:db': 'arn:aws:rds:db' },
    },
    big: { replicas: 5, labels: { team: 'shop' }, projectSelector: ['shop'] },
  },
};

describe("platformConfigFor (Kusion's GetProjectModuleConfig)", () => {
  it("writes the selecting patcher's top-level keys over default, without merging deeper", () => {
    expect(platformConfigFor(settings, 'shop')).toEqual({
      settings: { replicas: 5, labels: { team: 'shop' } },
      importedResources: { 'aws:db': 'arn:aws:rds:db' },
      healthPolicy: undefined,
      block: 'big',
    });
  });

  it('gives a project no patcher selects the default, and keeps the engine keys to the engine', () => {
    expect(platformConfigFor(settings, 'blog')).toEqual({
      settings: { replicas: 2, labels: { team: 'web', tier: 'gold' } },
      importedResources: { 'aws:db': 'arn:aws:rds:db' },
      healthPolicy: undefined,
      block: 'default',
    });
    expect(platformConfigFor(undefined, 'blog').settings).toEqual({});
  });
});
