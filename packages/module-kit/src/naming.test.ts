import { describe, expect, it } from 'vitest';
import {
  accessoryName,
  envName,
  kubernetesName,
  labelValue,
  namespaceOf,
  uniqueAppLabels,
  uniqueAppName,
} from './naming.js';

const request = {
  project: 'shop',
  stack: 'dev',
  appName: 'web',
  part: { kind: 'accessory' as const, name: 'db', value: {} },
};

describe('names as Kusion writes them', () => {
  it('names the workload <project>-<stack>-<app> and labels it with project and app', () => {
    expect(uniqueAppName(request)).toBe('shop-dev-web');
    expect(uniqueAppLabels(request)).toEqual({
      'app.kubernetes.io/part-of': 'shop',
      'app.kubernetes.io/name': 'web',
    });
    expect(accessoryName(request)).toBe('shop-dev-web-db');
  });

  it("uses the engine's namespace, else the project", () => {
    expect(namespaceOf(request)).toBe('shop');
    expect(namespaceOf({ ...request, namespace: 'team-a' })).toBe('team-a');
  });

  it('keeps valid names and makes others DNS-1123 labels without collisions', () => {
    expect(kubernetesName('shop-dev-web')).toBe('shop-dev-web');
    expect(kubernetesName('My_Shop.Dev')).toBe('my-shop-dev');
    const long = kubernetesName(`${'a'.repeat(60)}-first`);
    const other = kubernetesName(`${'a'.repeat(60)}-second`);
    expect(long).toHaveLength(63);
    expect(long).toMatch(/^a+-[0-9a-f]{8}$/);
    expect(long).not.toBe(other);
  });

  it('makes label values and env names', () => {
    expect(labelValue('-shop.v1_')).toBe('shop.v1');
    expect(labelValue('x'.repeat(70))).toHaveLength(63);
    expect(envName('orders-dlq')).toBe('ORDERS_DLQ');
    expect(envName('2nd')).toBe('_2ND');
  });
});
