import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { createHandlers, type CoreContext } from '../../../electron/core/handlers';
import { buildApi, type Transport } from '../../../shared/ipc/client';
import { contract } from '../../../shared/ipc/contract';
import { events } from '../../../shared/ipc/events';
import { CHANNEL_NAMES, EVENT_NAMES } from '../../../shared/ipc/names';
import { SecretName } from '../../../shared/schemas';

/** Every property name anywhere in a JSON schema. */
function propertyNames(schema: unknown): string[] {
  if (Array.isArray(schema)) return schema.flatMap(propertyNames);
  if (!schema || typeof schema !== 'object') return [];
  const own = 'properties' in schema ? Object.keys(schema.properties as object) : [];
  return [...own, ...Object.values(schema).flatMap(propertyNames)];
}

describe('the IPC contract', () => {
  it('declares exactly the channels named in names.ts', () => {
    expect(Object.keys(contract).sort()).toEqual([...CHANNEL_NAMES].sort());
    expect(Object.keys(events).sort()).toEqual([...EVENT_NAMES].sort());
  });

  it('has a handler for every channel and none that is not in the contract', () => {
    // Handlers are only built here, never called, so the context can be empty.
    const handlers = createHandlers({} as CoreContext);
    expect(Object.keys(handlers).sort()).toEqual([...CHANNEL_NAMES].sort());
    for (const name of CHANNEL_NAMES) expect(typeof handlers[name]).toBe('function');
  });

  it('builds window.floe with one method per channel, grouped by namespace', async () => {
    const calls: Array<[string, unknown]> = [];
    const transport: Transport = {
      invoke: async (channel, input) => {
        calls.push([channel, input]);
        return { ok: true, value: null };
      },
      subscribe: () => () => undefined,
    };
    const api = buildApi(transport);
    for (const name of CHANNEL_NAMES) {
      const [ns, method] = name.split('.') as [string, string];
      const group = (api as unknown as Record<string, Record<string, (input?: unknown) => Promise<unknown>>>)[ns]!;
      expect(typeof group[method]).toBe('function');
    }
    await api.connections.list();
    await api.runs.list({ limit: 5 });
    expect(calls).toEqual([
      ['connections.list', {}],
      ['runs.list', { limit: 5 }],
    ]);
  });

  it('offers no way to read a secret back', () => {
    expect(CHANNEL_NAMES.filter((c) => c.startsWith('secrets.'))).toEqual(['secrets.set', 'secrets.has', 'secrets.clear']);
    const secretish = new Set<string>(SecretName.options);
    for (const name of CHANNEL_NAMES) {
      const keys = propertyNames(z.toJSONSchema(contract[name].output, { io: 'output', unrepresentable: 'any' }));
      expect(keys.filter((key) => secretish.has(key)), name).toEqual([]);
    }
  });
});
