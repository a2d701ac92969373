import { describe, expect, it } from 'vitest';
import { dataTypeOf, RECORDS, type DataType } from '../../../shared/destinations';
import {
  BLANK_MAPPING,
  columnChoices,
  fitPassThrough,
  fromOtherColumnsChoice,
  mappingValues,
  missingRequirement,
  needOf,
  otherColumnsChoice,
  presetValues,
  requirements,
  retarget,
  ruleFor,
  topLevelOnly,
  unmappedFields,
  type RuleRow,
} from '../../../renderer/src/features/syncs/mapping-rules';

const type = (kind: 'amplitude' | 'customerio', id: string): DataType => dataTypeOf(kind, id)!;
const EVENTS = type('amplitude', 'events');
const USER_PROPERTIES = type('amplitude', 'user-properties');
const IDENTIFY = type('customerio', 'identify');
const ALIAS = type('customerio', 'alias');

// The demo warehouse's tables, as a preview reads them.
const EVENT_COLUMNS = ['EVENT_ID', 'EVENT_NAME', 'USER_ID', 'DEVICE_ID', 'ACCOUNT_ID', 'EVENT_TIMESTAMP', 'PLATFORM', 'APP_VERSION', 'PROPERTIES', 'REVENUE', 'UPDATED_AT'];
const USER_COLUMNS = ['USER_ID', 'EMAIL', 'FIRST_NAME', 'LAST_NAME', 'PLAN', 'CREATED_AT', 'UPDATED_AT', 'ATTRIBUTES'];

const rule = (target: string, source = '', over: Partial<RuleRow> = {}): RuleRow => ({ target, from: 'column', source, value: '', type: 'auto', required: false, ...over });

describe('a new sync’s mapping starts from its data type', () => {
  it('Amplitude events on the demo events table: the ids, event_type, time and properties from the columns that suggest them; the rest inside event_properties', () => {
    expect(presetValues(EVENTS, EVENT_COLUMNS)).toEqual({
      rules: [
        rule('user_id', 'USER_ID', { type: 'string' }),
        rule('device_id', 'DEVICE_ID', { type: 'string' }),
        rule('event_type', 'EVENT_NAME', { type: 'string', required: true }),
        rule('time', 'EVENT_TIMESTAMP', { type: 'epoch-ms' }),
        rule('event_properties', 'PROPERTIES', { type: 'json' }),
      ],
      passThrough: true,
      passThroughTo: 'event_properties',
    });
  });

  it('Customer.io identify on the demo users table: userId, the email trait and the timestamp; the rest inside traits', () => {
    expect(presetValues(IDENTIFY, USER_COLUMNS)).toEqual({
      rules: [rule('userId', 'USER_ID', { type: 'string' }), rule('traits.email', 'EMAIL', { type: 'string' }), rule('timestamp', 'UPDATED_AT', { type: 'timestamp' })],
      passThrough: true,
      passThroughTo: 'traits',
    });
  });

  it('before the columns are known, the preset alone (nothing to map yet)', () => {
    expect(presetValues(EVENTS, [])).toEqual({ rules: [], passThrough: true, passThroughTo: 'event_properties' });
    expect(presetValues(ALIAS, [])).toEqual({ rules: [], passThrough: false, passThroughTo: '' });
  });

  it('HTTP endpoints and files: every column at the top level, as before', () => {
    expect(presetValues(RECORDS, EVENT_COLUMNS)).toEqual(BLANK_MAPPING);
    expect(topLevelOnly(RECORDS)).toBe(true);
    expect(topLevelOnly(null)).toBe(true);
    expect(topLevelOnly(EVENTS)).toBe(false);
  });

  it('a saved mapping reads back with where its other columns go', () => {
    expect(mappingValues({ rules: [{ target: 'plan', value: 3, type: 'integer', required: true }], passThrough: true, passThroughTo: 'user_properties' })).toEqual({
      rules: [{ target: 'plan', from: 'static', source: '', value: '3', type: 'integer', required: true }],
      passThrough: true,
      passThroughTo: 'user_properties',
    });
    expect(mappingValues({ rules: [], passThrough: false }).passThroughTo).toBe('');
  });
});

describe('required fields', () => {
  it('lists the required fields and one-of groups, each ticked once a rule maps it', () => {
    expect(requirements(EVENTS, [])).toEqual([
      { fields: ['event_type'], label: 'event_type', met: false },
      { fields: ['user_id', 'device_id'], label: 'user_id or device_id', met: false },
    ]);
    expect(requirements(EVENTS, [rule('device_id', 'DEVICE_ID'), rule(' event_type ', 'EVENT_NAME')]).map((r) => r.met)).toEqual([true, true]);
    expect(requirements(ALIAS, []).map((r) => r.label)).toEqual(['userId', 'previousId']);
    expect(requirements(RECORDS, [])).toEqual([]);
    expect(requirements(null, [])).toEqual([]);
  });

  it('says how each field is needed', () => {
    expect(needOf(EVENTS, 'event_type')).toBe('Required');
    expect(needOf(EVENTS, 'device_id')).toBe('Required unless user_id');
    expect(needOf(EVENTS, 'user_id')).toBe('Required unless device_id');
    expect(needOf(EVENTS, 'revenue')).toBeNull();
    expect(needOf(IDENTIFY, 'anonymousId')).toBe('Required unless userId');
    expect(needOf(RECORDS, 'user_id')).toBeNull();
  });

  it.each([
    [[], 'Amplitude needs event_type and (user_id or device_id) in every row: add a field for each, from a column or a static value.'],
    [[rule('event_type', 'EVENT_NAME')], 'Amplitude needs user_id or device_id in every row: add a field for it, from a column or a static value.'],
    [[rule('event_type', 'EVENT_NAME'), rule('user_id', 'USER_ID')], null],
  ])('before saving, a missing requirement is named: %j', (rules, message) => {
    expect(missingRequirement(EVENTS, rules, 'Amplitude')).toBe(message);
  });
});

describe('documented fields', () => {
  it('offers the fields no rule maps yet, in the data type’s order', () => {
    const offered = unmappedFields(EVENTS, presetValues(EVENTS, EVENT_COLUMNS).rules).map((f) => f.target);
    expect(offered.slice(0, 4)).toEqual(['user_properties', 'groups', 'session_id', 'revenue']);
    expect(offered).not.toContain('event_type');
    expect(unmappedFields(RECORDS, [])).toEqual([]);
  });

  it('a documented field added as a rule takes its type, whether it is required, and the column that suggests itself', () => {
    const revenue = EVENTS.fields.find((f) => f.target === 'revenue')!;
    expect(ruleFor(EVENTS, revenue, EVENT_COLUMNS)).toEqual(rule('revenue', 'REVENUE', { type: 'number' }));
    const eventType = EVENTS.fields.find((f) => f.target === 'event_type')!;
    expect(ruleFor(EVENTS, eventType, ['NAME', 'EVENT_NAME'])).toEqual(rule('event_type', 'EVENT_NAME', { type: 'string', required: true }));
    // No column suggests itself: the first, for the user to change.
    expect(ruleFor(EVENTS, revenue, ['AMOUNT', 'X']).source).toBe('AMOUNT');
  });

  it('naming a documented field fills what the user has not chosen, and keeps what they have', () => {
    // A fresh rule: type, requiredness and column follow the field.
    expect(retarget(EVENTS, rule(''), 'event_type', EVENT_COLUMNS)).toEqual(rule('event_type', 'EVENT_NAME', { type: 'string', required: true }));
    // Typed on to another field: what the first filled follows the second.
    const filled = retarget(EVENTS, rule(''), 'time', EVENT_COLUMNS);
    expect(filled).toEqual(rule('time', 'EVENT_TIMESTAMP', { type: 'epoch-ms' }));
    expect(retarget(EVENTS, filled, 'revenue', EVENT_COLUMNS)).toEqual(rule('revenue', 'REVENUE', { type: 'number' }));
    // The user's own column, type and requiredness stay.
    expect(retarget(EVENTS, rule('x', 'PLATFORM', { type: 'string', required: true }), 'revenue', EVENT_COLUMNS)).toEqual(rule('revenue', 'PLATFORM', { type: 'string', required: true }));
    // A name no field has changes nothing else; so does any name for HTTP records.
    expect(retarget(EVENTS, filled, 'time_zone', EVENT_COLUMNS)).toEqual({ ...filled, target: 'time_zone' });
    expect(retarget(RECORDS, rule('', 'EVENT_ID'), 'user_id', EVENT_COLUMNS)).toEqual(rule('user_id', 'EVENT_ID'));
    // A static value stays static.
    expect(retarget(EVENTS, rule('', '', { from: 'static', value: 'signup' }), 'event_type', EVENT_COLUMNS)).toMatchObject({ from: 'static', source: '', value: 'signup', type: 'string' });
  });

  it('a column picker puts the columns a field suggests first', () => {
    expect(columnChoices(EVENTS, 'time', EVENT_COLUMNS)).toEqual({
      suggested: ['EVENT_TIMESTAMP'],
      others: EVENT_COLUMNS.filter((c) => c !== 'EVENT_TIMESTAMP'),
    });
    expect(columnChoices(RECORDS, 'time', EVENT_COLUMNS)).toEqual({ suggested: [], others: EVENT_COLUMNS });
  });
});

describe('other columns', () => {
  it('maps the control’s choice to passThrough and passThroughTo, and back', () => {
    expect(fromOtherColumnsChoice('user_properties')).toEqual({ passThrough: true, passThroughTo: 'user_properties' });
    expect(fromOtherColumnsChoice('none')).toEqual({ passThrough: false, passThroughTo: '' });
    expect(otherColumnsChoice({ passThrough: true, passThroughTo: 'event_properties' })).toBe('event_properties');
    expect(otherColumnsChoice({ passThrough: false, passThroughTo: 'event_properties' })).toBe('none');
  });

  it('a mapping kept across a change of data type sends its other columns where the new one takes them', () => {
    const mine = { rules: [rule('user_id', 'USER_ID')], passThrough: true, passThroughTo: 'event_properties' };
    expect(fitPassThrough(EVENTS, mine)).toBe(mine);
    expect(fitPassThrough(USER_PROPERTIES, mine)).toEqual({ ...mine, passThroughTo: 'user_properties' });
    expect(fitPassThrough(ALIAS, mine)).toEqual({ ...mine, passThrough: false, passThroughTo: '' });
    expect(fitPassThrough(RECORDS, mine)).toEqual({ ...mine, passThroughTo: '' });
  });
});
