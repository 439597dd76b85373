import { describe, expect, it } from 'vitest';
import { createRecordingIoHost } from './recording-io-host.js';

describe('recording IoHost', () => {
  it('records every message and filters them by code', async () => {
    const io = createRecordingIoHost();
    await io.notify({
      level: 'info',
      code: 'PLAN_START',
      message: 'Planning 2 resources.',
      data: { total: 2 },
    });
    await io.notify({
      level: 'debug',
      code: 'PROVIDER_NOTICE',
      message: 'hello',
      data: { provider: 'test' },
    });
    await io.notify({
      level: 'info',
      code: 'PLAN_START',
      message: 'Planning 3 resources.',
      data: { total: 3 },
    });
    expect(io.messages).toHaveLength(3);
    expect(io.messagesWithCode('PLAN_START').map((message) => message.data.total)).toEqual([2, 3]);
    expect(io.messagesWithCode('PLAN_READY')).toEqual([]);
    io.clear();
    expect(io.messages).toEqual([]);
  });

  it('answers from the answer map, calls answer functions, and falls back to the default', async () => {
    const io = createRecordingIoHost({
      answers: {
        CONFIRM_APPLY: true,
        PICK: (request: { data?: unknown }) => `picked ${String(request.data)}`,
      },
    });
    expect(
      await io.requestResponse({
        code: 'CONFIRM_APPLY',
        message: 'Apply?',
        defaultResponse: false,
      }),
    ).toBe(true);
    expect(
      await io.requestResponse({ code: 'PICK', message: 'Which?', defaultResponse: '', data: 'b' }),
    ).toBe('picked b');
    expect(
      await io.requestResponse({ code: 'OTHER', message: 'Other?', defaultResponse: 'default' }),
    ).toBe('default');
    io.answer('OTHER', 'set later');
    expect(
      await io.requestResponse({ code: 'OTHER', message: 'Other?', defaultResponse: 'default' }),
    ).toBe('set later');
    expect(io.requests.map(({ request, response }) => [request.code, response])).toEqual([
      ['CONFIRM_APPLY', true],
      ['PICK', 'picked b'],
      ['OTHER', 'default'],
      ['OTHER', 'set later'],
    ]);
  });

  it('accepts answers as a Map, including an explicit undefined', async () => {
    const io = createRecordingIoHost({ answers: new Map([['Q', undefined]]) });
    expect(
      await io.requestResponse({ code: 'Q', message: 'Q?', defaultResponse: 'default' }),
    ).toBeUndefined();
  });
});
