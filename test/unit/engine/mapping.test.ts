import { describe, expect, it } from 'vitest';
import { coerce } from '../../../electron/engine/mapping/coerce';
import { mapRow } from '../../../electron/engine/mapping/map-row';
import { Mapping, type FieldType } from '../../../shared/schemas';

const ts = new Date('2024-03-01T10:20:30.123Z');

describe('coerce', () => {
  it.each<[unknown, FieldType, unknown]>([
    [ts, 'auto', '2024-03-01T10:20:30.123Z'],
    [{ a: 1 }, 'auto', { a: 1 }],
    [42, 'string', '42'],
    [{ a: 1 }, 'string', '{"a":1}'],
    [ts, 'string', '2024-03-01T10:20:30.123Z'],
    ['3.5', 'number', 3.5],
    [7, 'integer', 7],
    ['12', 'integer', 12],
    [1, 'boolean', true],
    ['FALSE', 'boolean', false],
    ['yes', 'boolean', true],
    [ts, 'timestamp', '2024-03-01T10:20:30.123Z'],
    ['2024-03-01 10:20:30.123', 'timestamp', '2024-03-01T10:20:30.123Z'],
    ['2024-03-01T12:20:30+02:00', 'timestamp', '2024-03-01T10:20:30.000Z'],
    [ts, 'epoch-ms', 1709288430123],
    [1709288430123, 'timestamp', '2024-03-01T10:20:30.123Z'],
    ['{"plan":"pro"}', 'json', { plan: 'pro' }],
    [null, 'integer', null],
  ])('%o as %s → %o', (value, type, expected) => {
    expect(coerce(value, type)).toEqual({ ok: true, value: expected });
  });

  it.each<[unknown, FieldType, RegExp]>([
    ['abc', 'number', /"abc" \(string\) is not a number/],
    [1.5, 'integer', /not a whole number/],
    [2 ** 60, 'integer', /too large/],
    ['maybe', 'boolean', /not true or false/],
    ['next tuesday', 'timestamp', /not a timestamp/],
    ['{oops', 'json', /not valid JSON/],
    ['', 'number', /not a number/],
  ])('%o as %s is refused with a reason', (value, type, reason) => {
    const result = coerce(value, type);
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.reason).toMatch(reason);
  });
});

describe('mapRow', () => {
  const row = { USER_ID: 'u1', EMAIL: 'a@b.c', PLAN: 'pro', SEATS: '3', CREATED_AT: ts, ATTRIBUTES: { city: 'Oslo' } };
  const m = (input: unknown) => Mapping.parse(input);

  it('lower-cases passed-through columns and turns dates into ISO-8601', () => {
    expect(mapRow(row, m({ passThrough: true }))).toEqual({
      ok: true,
      payload: { user_id: 'u1', email: 'a@b.c', plan: 'pro', seats: '3', created_at: '2024-03-01T10:20:30.123Z', attributes: { city: 'Oslo' } },
      fields: ['user_id', 'email', 'plan', 'seats', 'created_at', 'attributes'],
    });
  });

  it('builds nested objects, static values and typed fields; a mapped column is not passed through again', () => {
    const result = mapRow(
      row,
      m({
        passThrough: true,
        rules: [
          { target: 'user_id', source: 'user_id' },
          { target: 'traits.plan', source: 'PLAN' },
          { target: 'traits.seats', source: 'SEATS', type: 'integer' },
          { target: 'traits.source', value: 'floe' },
          { target: 'time', source: 'CREATED_AT', type: 'epoch-ms' },
        ],
      }),
    );
    expect(result).toEqual({
      ok: true,
      payload: {
        user_id: 'u1',
        traits: { plan: 'pro', seats: 3, source: 'floe' },
        time: 1709288430123,
        email: 'a@b.c',
        attributes: { city: 'Oslo' },
      },
      fields: ['user_id', 'traits', 'time', 'email', 'attributes'],
    });
  });

  it('rejects a row whose required field is null, naming the field and column', () => {
    const result = mapRow({ ...row, EMAIL: null }, m({ passThrough: false, rules: [{ target: 'email', source: 'EMAIL', required: true }] }));
    expect(result).toEqual({ ok: false, reason: 'email is required but EMAIL is null' });
  });

  it('rejects a row with a value that cannot be converted, naming the field', () => {
    const result = mapRow({ ...row, SEATS: 'many' }, m({ passThrough: false, rules: [{ target: 'seats', source: 'SEATS', type: 'integer' }] }));
    expect(result).toEqual({ ok: false, reason: 'seats: "many" (string) is not a number' });
  });

  it('names a rule whose column the query does not return', () => {
    expect(mapRow(row, m({ rules: [{ target: 'x', source: 'NOPE' }] }))).toEqual({ ok: false, reason: "column NOPE is not in the query's output" });
  });

  it('refuses a rule with both a column and a static value', () => {
    expect(() => m({ rules: [{ target: 'x', source: 'A', value: 1 }] })).toThrow(/either a column or a static value/);
  });
});
