import { beforeEach, describe, expect, it, vi } from 'vitest';
import type { Destination } from '../../../shared/schemas';

// Issue 15 §1.2, the form's half: an HTTP destination may hold several secrets (a bearer token
// and an X-Api-Key secret header). Each one typed is saved to the keychain, each one saved shows
// as saved and is never read back, and none of their values travels in the settings.
const calls = vi.hoisted(() => ({ create: [] as unknown[], update: [] as unknown[], set: [] as unknown[], has: [] as unknown[], present: new Set<string>() }));
vi.mock('../../../renderer/src/lib/api', () => ({
  floe: {
    destinations: {
      create: async (draft: object) => (calls.create.push(draft), { ...saved, ...draft }),
      update: async (input: { id: string; draft: object }) => (calls.update.push(input), { ...saved, ...input.draft }),
    },
    secrets: {
      has: async ({ ref }: { ref: { field: string } }) => (calls.has.push(ref.field), { present: calls.present.has(ref.field) }),
      set: async (input: unknown) => (calls.set.push(input), { stored: true }),
    },
  },
  toIpcError: (e: unknown) => e,
  unwrap: async (v: unknown) => v,
}));
const { useDestinationForm } = await import('../../../renderer/src/features/destinations/destination-form-store');

const saved: Destination = {
  id: 'd1',
  name: 'Hook',
  kind: 'http',
  settings: { url: 'https://hooks.example.com/in', auth: 'bearer', secretHeaders: ['X-Api-Key'] },
  createdAt: '',
  updatedAt: '',
};
const form = () => useDestinationForm.getState();
const TOKEN = 'TOKEN-VALUE-1';
const KEY = 'KEY-VALUE-2';

beforeEach(() => {
  calls.create.length = calls.update.length = calls.set.length = calls.has.length = 0;
  calls.present.clear();
});

describe('a destination with two secrets', () => {
  it('new: asks for each, saves each to the keychain, and sends neither with the settings', async () => {
    form().start();
    form().setName('Hook');
    form().setValues({ url: 'https://hooks.example.com/in', auth: 'bearer', secretHeaders: ['X-Api-Key'] });
    expect(await form().save()).toBe(false);
    expect(form().errors).toMatchObject({ 'secret:token': expect.stringMatching(/token/), 'secret:header:X-Api-Key': expect.stringMatching(/X-Api-Key/) });
    form().setSecret('token', TOKEN);
    form().setSecret('header:X-Api-Key', KEY);
    expect(await form().save()).toBe(true);
    expect(calls.create).toEqual([expect.objectContaining({ settings: expect.objectContaining({ secretHeaders: ['X-Api-Key'], auth: 'bearer' }) })]);
    expect(JSON.stringify(calls.create)).not.toMatch(new RegExp(`${TOKEN}|${KEY}`));
    expect(calls.set).toEqual([
      { ref: { kind: 'destination', id: 'd1', field: 'token' }, value: TOKEN },
      { ref: { kind: 'destination', id: 'd1', field: 'header:X-Api-Key' }, value: KEY },
    ]);
    expect(form().saved).toMatch(/token and X-Api-Key are saved in the keychain/);
  });

  it('edited: shows each saved one as saved, keeps them, and replaces only the one asked', async () => {
    calls.present.add('token').add('header:X-Api-Key');
    await form().edit(saved);
    expect(calls.has.sort()).toEqual(['header:X-Api-Key', 'token']);
    expect(form().savedSecrets).toEqual({ token: true, 'header:X-Api-Key': true });
    expect(await form().save()).toBe(true);
    expect(calls.set).toEqual([]);

    await form().edit(saved);
    form().replaceSecret('header:X-Api-Key');
    expect(await form().save()).toBe(false);
    expect(Object.keys(form().errors)).toEqual(['secret:header:X-Api-Key']);
    form().setSecret('header:X-Api-Key', 'NEW-KEY');
    expect(await form().save()).toBe(true);
    expect(calls.set).toEqual([{ ref: { kind: 'destination', id: 'd1', field: 'header:X-Api-Key' }, value: 'NEW-KEY' }]);
  });

  it('a secret header added while editing is asked for; one removed is not (core clears it)', async () => {
    calls.present.add('token').add('header:X-Api-Key');
    await form().edit(saved);
    form().setValues({ secretHeaders: ['X-Api-Key', 'X-Tenant-Secret'] });
    expect(await form().save()).toBe(false);
    expect(Object.keys(form().errors)).toEqual(['secret:header:X-Tenant-Secret']);
    form().setValues({ secretHeaders: ['X-Tenant-Secret'] });
    form().setSecret('header:X-Tenant-Secret', 'TENANT');
    expect(await form().save()).toBe(true);
    expect(calls.update).toEqual([expect.objectContaining({ draft: expect.objectContaining({ settings: expect.objectContaining({ secretHeaders: ['X-Tenant-Secret'] }) }) })]);
    expect(calls.set).toEqual([{ ref: { kind: 'destination', id: 'd1', field: 'header:X-Tenant-Secret' }, value: 'TENANT' }]);
  });

  it('a plain header that is a credential is flagged before saving, with where it goes', async () => {
    await form().edit({ ...saved, settings: { url: 'https://hooks.example.com/in', headers: { 'X-Api-Key': '••••••' } } });
    expect(await form().save()).toBe(false);
    expect(form().errors.headers).toMatch(/“X-Api-Key” is a credential: add it as a secret header/);
    expect(calls.update).toEqual([]);
  });
});
