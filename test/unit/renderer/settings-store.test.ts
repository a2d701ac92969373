import { beforeEach, describe, expect, it, vi } from 'vitest';
import { Preferences } from '../../../shared/schemas';

// The Settings page's store on its own; core is a promise the test answers when it chooses.
let answer: { resolve(p: Preferences): void; reject(e: unknown): void };
vi.mock('../../../renderer/src/lib/api', () => ({
  floe: {
    preferences: {
      set: () =>
        new Promise<Preferences>((resolve, reject) => {
          answer = { resolve, reject };
        }),
    },
  },
  toIpcError: (e: unknown) => e,
  unwrap: async (v: unknown) => v,
}));
const { useSettings } = await import('../../../renderer/src/features/settings/settings-store');

const saved = Preferences.parse({});

describe('a preference changed on the Settings page', () => {
  beforeEach(() => useSettings.setState({ preferences: saved, preferencesError: null, savedKey: null }));

  it('shows as chosen at once, and as saved when core answers', async () => {
    const saving = useSettings.getState().savePreferences({ notifyOnRecovery: false });
    // A ticked box unticks when clicked, not a round trip later (a slow answer left it ticked).
    expect(useSettings.getState().preferences?.notifyOnRecovery).toBe(false);
    expect(useSettings.getState().savedKey).toBeNull();
    answer.resolve({ ...saved, notifyOnRecovery: false });
    expect(await saving).toBe(true);
    expect(useSettings.getState()).toMatchObject({ preferences: { notifyOnRecovery: false }, savedKey: 'notifyOnRecovery' });
  });

  it('goes back to what it was when core refuses it, with the reason', async () => {
    const saving = useSettings.getState().savePreferences({ rejectedThresholdPercent: 12.5 });
    expect(useSettings.getState().preferences?.rejectedThresholdPercent).toBe(12.5);
    const refusal = { code: 'invalid_input', message: 'Enter a percentage from 0 to 100.', remedy: '' };
    answer.reject(refusal);
    expect(await saving).toBe(false);
    expect(useSettings.getState()).toMatchObject({ preferences: { rejectedThresholdPercent: 5 }, preferencesError: refusal, savedKey: null });
  });
});
