import { afterEach, describe, expect, it } from 'vitest';
import type { Core } from '../../../electron/core/core';
import { dispatch } from '../../../electron/core/ipc/dispatch';
import { testCore } from '../../helpers/test-core';
import { useTempDirs } from '../../helpers/temp-dir';

const tempDir = useTempDirs();
let core: Core | undefined;
afterEach(async () => {
  await core?.close();
  core = undefined;
});

describe('preferences over the contract', () => {
  it('saving one preference leaves the others as they were', async () => {
    core = testCore(tempDir());
    const set = (input: unknown) => dispatch(core!.handlers, 'preferences.set', input, core!.log);
    expect(await set({ startAtLogin: true, rejectedThresholdPercent: 12 })).toMatchObject({ ok: true });
    const after = await set({ notifyOnRecovery: false });
    expect(after).toEqual({
      ok: true,
      value: { notifyOnFailure: true, notifyOnRecovery: false, notifyOnRejected: true, rejectedThresholdPercent: 12, startAtLogin: true, trayExplained: false, defaultTimeZone: null },
    });
  });

  it('keeps a default time zone for new schedules, refuses an unknown one beside it, and goes back to the computer’s with null', async () => {
    core = testCore(tempDir());
    const set = (input: unknown) => dispatch(core!.handlers, 'preferences.set', input, core!.log);
    expect(await set({ defaultTimeZone: 'Asia/Tokyo' })).toMatchObject({ ok: true, value: { defaultTimeZone: 'Asia/Tokyo' } });
    expect(await set({ defaultTimeZone: 'Mars/Olympus' })).toMatchObject({ ok: false, error: { code: 'invalid_input', fields: { defaultTimeZone: expect.stringContaining('Unknown time zone') } } });
    expect(await set({ startAtLogin: true })).toMatchObject({ ok: true, value: { defaultTimeZone: 'Asia/Tokyo' } });
    expect(await set({ defaultTimeZone: null })).toMatchObject({ ok: true, value: { defaultTimeZone: null } });
  });

  it('refuses unknown preferences and out-of-range values, naming them', async () => {
    core = testCore(tempDir());
    const set = (input: unknown) => dispatch(core!.handlers, 'preferences.set', input, core!.log);
    expect(await set({ rejectedThresholdPercent: 140 })).toMatchObject({ ok: false, error: { code: 'invalid_input' } });
    expect(await set({ __proto__x: true })).toMatchObject({ ok: false });
    expect((await dispatch(core.handlers, 'preferences.get', {}, core.log)) as unknown).toMatchObject({ ok: true, value: { rejectedThresholdPercent: 5 } });
  });
});
