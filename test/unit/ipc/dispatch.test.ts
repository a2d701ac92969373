import { describe, expect, it } from 'vitest';
import { FloeError } from '../../../electron/core/errors';
import { dispatch, type Handlers } from '../../../electron/core/ipc/dispatch';
import type { Logger } from '../../../electron/core/log';
import { connectionRecord } from '../../helpers/fixtures';

const logged: Array<[string, string, unknown]> = [];
const log: Logger = {
  debug: (e, f) => logged.push(['debug', e, f]),
  info: (e, f) => logged.push(['info', e, f]),
  warn: (e, f) => logged.push(['warn', e, f]),
  error: (e, f) => logged.push(['error', e, f]),
};

const connection = connectionRecord({ name: 'Prod', account: 'org-acct', username: 'U', role: null, warehouse: null, database: null, schema: null });

const handlers = (over: Partial<Handlers>): Handlers => over as Handlers;

describe('dispatch', () => {
  it('answers ok with the handler value', async () => {
    const result = await dispatch(handlers({ 'connections.list': () => [connection] as never }), 'connections.list', {}, log);
    expect(result).toEqual({ ok: true, value: [connection] });
  });

  it('refuses a channel that is not in the contract', async () => {
    const result = await dispatch(handlers({}), 'secrets.get', { ref: {} }, log);
    expect(result).toMatchObject({ ok: false, error: { code: 'unknown_channel' } });
  });

  it('refuses input that does not match the schema, naming the field', async () => {
    let called = false;
    const result = await dispatch(
      handlers({ 'connections.delete': () => ((called = true), { deleted: true }) }),
      'connections.delete',
      { id: 'not-a-uuid' },
      log,
    );
    expect(called).toBe(false);
    expect(result.ok).toBe(false);
    if (!result.ok) {
      expect(result.error.code).toBe('invalid_input');
      expect(result.error.message).toContain('id');
    }
  });

  it('refuses unexpected extra input fields', async () => {
    const result = await dispatch(handlers({ 'connections.list': () => [] }), 'connections.list', { sql: 'DROP' }, log);
    expect(result).toMatchObject({ ok: false, error: { code: 'invalid_input' } });
  });

  it('passes a FloeError through as what happened and what to do', async () => {
    const result = await dispatch(
      handlers({
        'connections.list': () => {
          throw new FloeError('keychain_unavailable', 'No keychain.', 'Unlock it.');
        },
      }),
      'connections.list',
      {},
      log,
    );
    expect(result).toEqual({ ok: false, error: { code: 'keychain_unavailable', message: 'No keychain.', remedy: 'Unlock it.' } });
  });

  it('hides the text of unexpected errors from the window and logs it instead', async () => {
    const result = await dispatch(
      handlers({
        'connections.list': () => {
          throw new Error('internal detail at /home/u/secret-path');
        },
      }),
      'connections.list',
      {},
      log,
    );
    expect(result.ok).toBe(false);
    if (!result.ok) {
      expect(result.error.code).toBe('internal');
      expect(result.error.message).not.toContain('secret-path');
      expect(result.error.remedy).toMatch(/log file/);
    }
    expect(JSON.stringify(logged.at(-1))).toContain('secret-path');
  });

  it('strips fields a handler returns that the contract does not declare', async () => {
    const leaky = { ...connection, password: 'hunter2' };
    const result = await dispatch(handlers({ 'connections.list': () => [leaky] as never }), 'connections.list', {}, log);
    expect(JSON.stringify(result)).not.toContain('hunter2');
  });

  it('refuses to send an answer that breaks the contract', async () => {
    const result = await dispatch(
      handlers({ 'connections.list': () => [{ id: 1 }] as never }),
      'connections.list',
      {},
      log,
    );
    expect(result).toMatchObject({ ok: false, error: { code: 'internal' } });
  });
});

describe('invalid input names each field', () => {
  it('puts every problem under its path, for forms to show beside the field', async () => {
    const result = await dispatch({} as Handlers, 'runs.list', { limit: 0, syncId: 'x' }, log);
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.error.fields).toEqual({ limit: expect.stringMatching(/>=1|at least|too small/i), syncId: expect.any(String) });
  });
});
