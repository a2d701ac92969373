import { beforeEach, describe, expect, it, vi } from 'vitest';
import { destinationHost } from '../../../shared/destinations';
import { originOf } from '../../../shared/url';
import type { Destination } from '../../../shared/schemas';

// Issue 15 §1.5, the form's half: core clears a destination's secrets when its URL moves to
// another host, so the form asks for the secret again instead of showing it as saved.
const calls = vi.hoisted(() => ({ update: [] as unknown[], set: [] as unknown[] }));
vi.mock('../../../renderer/src/lib/api', () => ({
  floe: {
    destinations: { update: async (input: { id: string; draft: unknown }) => (calls.update.push(input), { ...saved, ...(input.draft as object) }) },
    secrets: { has: async () => ({ present: true }), set: async (input: unknown) => void calls.set.push(input) },
  },
  toIpcError: (e: unknown) => e,
  unwrap: async (v: unknown) => v,
}));
const { useDestinationForm } = await import('../../../renderer/src/features/destinations/destination-form-store');

const saved: Destination = { id: 'd1', name: 'Hook', kind: 'http', settings: { url: 'https://hooks.example.com/in', auth: 'bearer' }, createdAt: '', updatedAt: '' };
const form = () => useDestinationForm.getState();

describe('a destination moved to another host', () => {
  beforeEach(async () => {
    calls.update.length = calls.set.length = 0;
    await form().edit(saved);
  });

  it('opens its secret for a new one and will not save without it', async () => {
    expect(form()).toMatchObject({ savedSecrets: { token: true }, replacing: {} });
    form().setValues({ url: 'https://collector.elsewhere.example/in' });
    expect(form().replacing.token).toBe(true);
    expect(await form().save()).toBe(false);
    expect(form().errors['secret:token']).toMatch(/now sends to another host.*enter it again/);
    expect(calls.update).toEqual([]);
    form().setSecret('token', 'NEW-TOKEN');
    expect(await form().save()).toBe(true);
    expect(calls.set).toEqual([{ ref: { kind: 'destination', id: 'd1', field: 'token' }, value: 'NEW-TOKEN' }]);
  });

  it('moved back to its host, or along a path of the same host, keeps the saved secret', async () => {
    form().setValues({ url: 'https://collector.elsewhere.example/in' });
    form().setValues({ url: 'https://hooks.example.com/v2/in' });
    expect(form().replacing.token ?? false).toBe(false);
    expect(await form().save()).toBe(true);
    expect(calls.set).toEqual([]);
  });
});

describe('a host as secrets are given for it', () => {
  it('is scheme, host and port, lower case, without user-info or a default port', () => {
    expect(originOf('https://Hooks.Example.com:443/in?x=1')).toBe('https://hooks.example.com');
    expect(originOf('http://user:pw@127.0.0.1:8080/x')).toBe('http://127.0.0.1:8080');
    expect(originOf('https://hooks.example.com:8443/')).not.toBe(originOf('https://hooks.example.com/'));
    expect(destinationHost('file', { directory: '/tmp/out' })).toBeNull();
    expect(destinationHost('amplitude', { region: 'eu' })).not.toBe(destinationHost('amplitude', { region: 'us' }));
  });
});
