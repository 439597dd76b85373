import { describe, expect, it } from 'vitest';
import { parseDiagnostics, resourceLines } from './diagnostics.js';

describe('parseDiagnostics', () => {
  it('reads error diagnostics with their address, block context or line', () => {
    const output = [
      '{"@level":"info","type":"version","terraform":"1.11.4"}',
      'not json',
      JSON.stringify({
        type: 'diagnostic',
        diagnostic: {
          severity: 'error',
          summary: 'Boom',
          detail: 'it\nbroke',
          address: 'aws_sqs_queue.q[0]',
        },
      }),
      JSON.stringify({
        type: 'diagnostic',
        diagnostic: {
          severity: 'warning',
          summary: 'Careful',
          detail: '',
          snippet: { context: 'resource "aws_security_group" "db"' },
          range: { filename: 'main.tf.json', start: { line: 12, column: 3 } },
        },
      }),
    ].join('\n');
    expect(parseDiagnostics(output)).toEqual([
      {
        severity: 'error',
        summary: 'Boom',
        detail: 'it\nbroke',
        address: 'aws_sqs_queue.q',
        range: undefined,
      },
      {
        severity: 'warning',
        summary: 'Careful',
        detail: '',
        address: 'aws_security_group.db',
        range: { filename: 'main.tf.json', line: 12 },
      },
    ]);
  });
});

describe('resourceLines', () => {
  it('tells which resource block a line of main.tf.json belongs to', () => {
    const text = JSON.stringify(
      {
        terraform: { required_providers: { aws: { source: 'x', version: '1.0.0' } } },
        resource: {
          aws_sqs_queue: { orders: { name: 'orders', tags: { a: 'b' } }, empty: {} },
          aws_security_group: { db: { name: 'db' } },
        },
        output: { kusion_1: { value: 'v' } },
      },
      null,
      2,
    );
    const lines = text.split('\n');
    const at = resourceLines(text);
    const lineOf = (needle: string) => lines.findIndex((line) => line.includes(needle)) + 1;
    expect(at(lineOf('"orders"'))).toBe('aws_sqs_queue.orders');
    expect(at(lineOf('"a": "b"'))).toBe('aws_sqs_queue.orders');
    expect(at(lineOf('"empty"'))).toBe('aws_sqs_queue.empty');
    expect(at(lineOf('"name": "db"'))).toBe('aws_security_group.db');
    expect(at(lineOf('"source"'))).toBeUndefined();
    expect(at(lineOf('"value": "v"'))).toBeUndefined();
  });
});
