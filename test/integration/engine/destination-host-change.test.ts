import { describe, expect, it } from 'vitest';
import { useEngineEnv } from './helpers';

// Issue 15 §1.5: a destination whose URL moves to another host must not take its token along:
// the token was given for the old host, and the next run would hand it to the new one.
const t = useEngineEnv(50);

async function httpDestination(url: string) {
  const { core } = t.env;
  const destination = await core.handlers['destinations.create']({ name: `hook ${Math.random().toString(36).slice(2, 7)}`, kind: 'http', settings: { url, auth: 'bearer' } });
  await core.secrets.set({ kind: 'destination', id: destination.id, field: 'token' }, 'TOKEN-FOR-OLD-HOST');
  return destination;
}
const token = (id: string) => t.env.core.secrets.get({ kind: 'destination', id, field: 'token' });
const move = (id: string, name: string, url: string) => t.env.core.handlers['destinations.update']({ id, draft: { name, kind: 'http', settings: { url, auth: 'bearer' } } });

describe('a destination’s secrets stay with its host', () => {
  it('another host: the token is cleared, so the next run cannot send it there', async () => {
    const destination = await httpDestination('https://hooks.example.com/in');
    await move(destination.id, destination.name, 'https://collector.attacker.example/in');
    expect(await token(destination.id)).toBeNull();
  });

  it('another port or scheme is another host too', async () => {
    const destination = await httpDestination('https://hooks.example.com/in');
    await move(destination.id, destination.name, 'https://hooks.example.com:8443/in');
    expect(await token(destination.id)).toBeNull();
  });

  it('the same host (another path, a renamed destination): the token stays', async () => {
    const destination = await httpDestination('https://hooks.example.com/in');
    await move(destination.id, 'renamed', 'https://hooks.example.com/v2/in?source=floe');
    expect(await token(destination.id)).toBe('TOKEN-FOR-OLD-HOST');
  });
});
