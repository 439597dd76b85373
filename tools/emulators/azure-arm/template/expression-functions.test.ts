import { describe, expect, it } from 'vitest';
import type { JsonValue } from '../json-value.ts';
import { checkCall, evaluateExpression, ExpressionError } from './expression-functions.ts';
import type { FunctionScope } from './expression-functions.ts';
import { parseExpression } from './expression-parser.ts';

const scope: FunctionScope = {
  parameter: (name) =>
    (({ name: 'acct', count: 2, flag: true, list: ['a', 'b'] }) as Record<string, JsonValue>)[
      name
    ] ?? null,
  variable: (name) => (name === 'settings' ? { Tier: 'Hot', ports: [80, 443] } : null),
  resourceGroup: () => ({
    id: '/subscriptions/s/resourceGroups/rg',
    name: 'rg',
    location: 'eastus',
  }),
  subscription: () => ({ id: '/subscriptions/s', subscriptionId: 's', tenantId: 't' }),
  resourceId: (subscriptionId, group, type, names) =>
    `${subscriptionId}|${group}|${type}|${names.join(',')}`,
  currentSubscriptionId: () => 's',
  currentResourceGroup: () => 'rg',
  reference: (target, apiVersion, isFull) => ({ target, apiVersion: apiVersion ?? null, isFull }),
};

const evaluate = (source: string): JsonValue => evaluateExpression(parseExpression(source), scope);

describe('template functions', () => {
  it('format substitutes {n}, keeps {{ }} and writes booleans as .NET does', () => {
    expect(
      evaluate(
        "format('{0}-{1}-{{x}}-{2}', parameters('name'), parameters('count'), parameters('flag'))",
      ),
    ).toBe('acct-2-{x}-True');
    expect(() => evaluate("format('{0:D3}', 1)")).toThrow('format specifier');
    expect(() => evaluate("format('{1}', 'only')")).toThrow('has no argument');
  });

  it('concat joins strings or arrays, not a mix with objects', () => {
    expect(evaluate("concat('a', parameters('count'), 'b')")).toBe('a2b');
    expect(evaluate("concat(parameters('list'), parameters('list'))")).toEqual([
      'a',
      'b',
      'a',
      'b',
    ]);
    expect(() => evaluate("concat('a', variables('settings'))")).toThrow(ExpressionError);
  });

  it('resourceId takes the current subscription and group unless given', () => {
    expect(evaluate("resourceId('Microsoft.Network/virtualNetworks/subnets', 'net', 'apps')")).toBe(
      's|rg|Microsoft.Network/virtualNetworks/subnets|net,apps',
    );
    expect(evaluate("resourceId('other', 'Microsoft.Storage/storageAccounts', 'acct')")).toBe(
      's|other|Microsoft.Storage/storageAccounts|acct',
    );
    expect(
      evaluate("resourceId('sub2', 'other', 'Microsoft.Storage/storageAccounts', 'acct')"),
    ).toBe('sub2|other|Microsoft.Storage/storageAccounts|acct');
    expect(() =>
      evaluate("resourceId('Microsoft.Network/virtualNetworks/subnets', 'net')"),
    ).toThrow('requires 2 resource name argument(s)');
    expect(() => evaluate("resourceId('a', 'b')")).toThrow('exactly one multi-segmented argument');
  });

  it('reference passes the api-version and the Full option', () => {
    expect(evaluate("reference('acct')")).toEqual({
      target: 'acct',
      apiVersion: null,
      isFull: false,
    });
    expect(evaluate("reference('acct', '2023-01-01', 'Full')")).toEqual({
      target: 'acct',
      apiVersion: '2023-01-01',
      isFull: true,
    });
    expect(() => evaluate("reference('acct', '2023-01-01', 'Partial')")).toThrow("must be 'Full'");
  });

  it('reads properties case-insensitively, indexes arrays, and names what is missing', () => {
    expect(evaluate("variables('settings').tier")).toBe('Hot');
    expect(evaluate("variables('settings')['ports'][1]")).toBe(443);
    expect(evaluate('resourceGroup().location')).toBe('eastus');
    expect(evaluate('subscription().subscriptionId')).toBe('s');
    expect(() => evaluate("variables('settings').sku")).toThrow(
      "The language expression property 'sku' doesn't exist, available properties are 'Tier, ports'.",
    );
    expect(() => evaluate("variables('settings').ports[5]")).toThrow('out of bounds');
  });

  it('createObject builds an object of key and value pairs, wrapping any value', () => {
    expect(evaluate("createObject('value', variables('settings').ports, 'n', 2)")).toEqual({
      value: [80, 443],
      n: 2,
    });
    expect(evaluate('createObject()')).toEqual({});
    expect(() => evaluate("createObject('a')")).toThrow('even number of arguments');
    expect(() => evaluate("createObject(1, 'a')")).toThrow('argument 1 must be a string');
  });

  it('accepts only the supported functions, with their argument counts', () => {
    expect(checkCall('CONCAT', 2)).toBeNull();
    expect(checkCall('uniqueString', 1)).toContain(
      "The template function 'uniqueString' is not valid",
    );
    expect(checkCall('resourceGroup', 1)).toContain('must have 0 argument(s), not 1');
    expect(checkCall('reference', 4)).toContain('must have 1 to 3 argument(s)');
  });
});
