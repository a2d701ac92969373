import { afterEach, describe, expect, it } from 'vitest';
import { mapRow } from '../../../electron/engine/mapping/map-row';
import { Mapping, MappingRule, SyncFile } from '../../../shared/schemas';

// Issue 15 §1.6: a mapping target like `__proto__.x` (from an imported sync file) must never
// reach Object.prototype in the engine's threads.
const polluted = () => ({} as Record<string, unknown>).polluted;
afterEach(() => {
  delete (Object.prototype as Record<string, unknown>).polluted;
});

describe('mapping paths cannot reach an object prototype', () => {
  it.each(['__proto__.polluted', 'constructor.prototype.polluted', 'user.__proto__', 'prototype', 'a.constructor'])('the contract refuses the target %s, naming it', (target) => {
    const parsed = MappingRule.safeParse({ target, source: 'A' });
    expect(parsed.success).toBe(false);
    expect(parsed.error?.issues[0]?.message).toMatch(/__proto__, constructor and prototype cannot be field names/);
    expect(Mapping.safeParse({ rules: [], passThroughTo: target }).success).toBe(false);
  });

  it('an imported sync file with such a target is refused at that field', () => {
    const file = JSON.parse('{"name":"x","connection":"c","destination":"d","query":"SELECT 1 AS A","mapping":{"rules":[{"target":"__proto__.polluted","source":"A"}]}}');
    const parsed = SyncFile.safeParse(file);
    expect(parsed.success).toBe(false);
    expect(parsed.error?.issues[0]).toMatchObject({ path: ['mapping', 'rules', 0, 'target'], message: expect.stringMatching(/cannot be field names/) });
    expect(polluted()).toBeUndefined();
  });

  it('a mapping that skipped the contract rejects the row instead of writing through the prototype', () => {
    for (const target of ['__proto__.polluted', 'constructor.prototype.polluted']) {
      const mapped = mapRow({ A: 'yes' }, { rules: [{ target, source: 'A', type: 'auto', required: false }], passThrough: false });
      expect(mapped).toMatchObject({ ok: false, reason: expect.stringMatching(/cannot be field names/) });
    }
    expect(polluted()).toBeUndefined();
  });

  it('a column named __proto__ is not passed through as a field', () => {
    const row = JSON.parse('{"ID": 1, "__proto__": {"polluted": "yes"}}') as Record<string, unknown>;
    const mapped = mapRow(row, { rules: [], passThrough: true, passThroughTo: 'properties' });
    expect(mapped).toMatchObject({ ok: false, reason: expect.stringMatching(/column __proto__ cannot be sent/) });
    const top = mapRow(row, { rules: [{ target: 'id', source: 'ID', type: 'auto', required: false }], passThrough: true });
    expect(top.ok).toBe(false);
    expect(polluted()).toBeUndefined();
  });
});
