import { describe, expect, it, vi } from 'vitest';
import type { DryRunResult } from '../../../shared/schemas';

// Pure words of the runs and dry-run screens (issue 13 §1): nothing here calls core.
vi.mock('../../../renderer/src/lib/api', () => ({ floe: {}, toIpcError: (e: unknown) => e, unwrap: async (v: unknown) => v }));
const { rowKeyText } = await import('../../../renderer/src/features/runs/row-key-text');
const { rejectedSummary, retryAdvice } = await import('../../../renderer/src/features/runs/rejected-summary');
const { runStatusLabel } = await import('../../../renderer/src/features/runs/run-labels');
const { dryRunHeadline, filterSample } = await import('../../../renderer/src/features/syncs/dry-run-summary');

describe('a rejected row’s key', () => {
  it.each([
    ['user_0000001', ['USER_ID'], '', 'columns', 'USER_ID = user_0000001'],
    ['[42]', ['ID'], '', 'columns', 'ID = 42'],
    // A one-column text key is stored as the text itself, even when it looks like JSON.
    ['["x"]', ['CODE'], '', 'columns', 'CODE = ["x"]'],
    ['["user_7","evt_1"]', ['USER_ID', 'EVENT_ID'], '', 'columns', 'USER_ID = user_7, EVENT_ID = evt_1'],
    ['[7,true]', ['N', 'FLAG'], '', 'columns', 'N = 7, FLAG = true'],
    ['MTyosDKLaxIQx7SN1DvWgAaT28ixGa39', [], '', 'digest', 'Digest MTyosDKLaxIQx7SN1DvWgAaT28ixGa39'],
    ['bTHsN8invy9Zhqirq5HIruk1aLahh-nT', [], '', 'digest', 'Digest bTHsN8invy9Zhqirq5HIruk1aLahh-nT'],
    ['#12', [], 'owner is required but OWNER is null', 'position', 'Row 12 of the run'],
    ['#3', ['USER_ID'], 'primary key USER_ID is null', 'position', 'Row 3 of the run'],
    // A text key that happens to read "#3" is a value when the row was not refused for its key.
    ['#3', ['TAG'], 'rejected by the destination', 'columns', 'TAG = #3'],
    ['#3', ['A', 'B'], 'primary key A is null', 'position', 'Row 3 of the run'],
    ['user_1', null, '', 'raw', 'user_1'],
    ['not json', ['A', 'B'], '', 'raw', 'not json'],
  ] as const)('%s with key %j reads as %s: %s', (rowKey, primaryKey, reason, kind, text) => {
    expect(rowKeyText(rowKey, primaryKey, reason)).toMatchObject({ kind, text });
  });
});

it('names each key column apart, so a long key wraps between columns', () => {
  expect(rowKeyText('["user_7","evt_1"]', ['USER_ID', 'EVENT_ID'])).toEqual({ kind: 'columns', text: 'USER_ID = user_7, EVENT_ID = evt_1', parts: ['USER_ID = user_7', 'EVENT_ID = evt_1'] });
});

describe('rejected rows in words', () => {
  const total = (over: Partial<{ rows: number; open: number; retryable: number; groups: number }>) => ({ rows: 40, open: 40, retryable: 0, groups: 3, ...over });

  it('count rows and reasons', () => {
    expect(rejectedSummary(total({}))).toBe('40 rows rejected for 3 reasons.');
    expect(rejectedSummary(total({ rows: 1, groups: 1 }))).toBe('1 row rejected for 1 reason.');
  });

  it('offer a retry only for rows the destination did not refuse', () => {
    expect(retryAdvice(total({}))).toMatch(/^None of these rows can be retried as they are: the destination or the mapping refused them\./);
    expect(retryAdvice(total({ retryable: 40 }))).toMatch(/^All 40 of these rows can be retried/);
    expect(retryAdvice(total({ retryable: 10 }))).toMatch(/^10 of these rows can be retried: .* The other 30 rows need the data or the mapping fixed first\.$/);
    expect(retryAdvice(total({ open: 1, retryable: 1 }))).toMatch(/^This row can be retried: the destination did not turn it down for what it holds\.$/);
    expect(retryAdvice(total({ open: 0 }))).toBe('A later run delivered every one of them.');
  });
});

describe('a run’s status while it runs', () => {
  it('follows the phase, not the record’s queued or running', () => {
    expect(runStatusLabel('queued', null)).toBe('Queued');
    expect(runStatusLabel('queued', 'waiting')).toBe('Waiting for network');
    expect(runStatusLabel('queued', 'connecting')).toBe('Connecting');
    expect(runStatusLabel('running', 'extracting')).toBe('Querying');
    expect(runStatusLabel('queued', 'delivering')).toBe('Delivering');
    expect(runStatusLabel('running', 'committing')).toBe('Committing');
    expect(runStatusLabel('running', null)).toBe('Running');
  });

  it('is the outcome once the run has ended, whatever phase was last heard', () => {
    expect(runStatusLabel('succeeded', 'committing')).toBe('Succeeded');
    expect(runStatusLabel('failed', 'delivering')).toBe('Failed');
  });
});

describe('a dry run’s verdict', () => {
  const counts = (over: Partial<DryRunResult['counts']>) => ({ read: 100, send: 100, unchanged: 0, rejected: 0, ...over });

  it('says every row would be rejected when every row would be', () => {
    expect(dryRunHeadline(counts({ send: 0, rejected: 100 }), 0)).toEqual({
      tone: 'warn',
      text: 'All 100 sampled rows would be rejected: a run would send nothing. Fix the reasons below, then dry-run again.',
    });
    expect(dryRunHeadline(counts({ read: 1, send: 0, rejected: 1 }), 0).text).toMatch(/^The only sampled row would be rejected/);
  });

  it('counts the rejected rows against the others', () => {
    expect(dryRunHeadline(counts({ send: 88, rejected: 12 }), 0).text).toBe('12 of 100 sampled rows would be rejected; 88 would be sent.');
    expect(dryRunHeadline(counts({ send: 80, unchanged: 8, rejected: 12 }), 0).text).toBe('12 of 100 sampled rows would be rejected; 80 would be sent and 8 are unchanged.');
  });

  it('finds no problem only when the rows and the query have none, and says an empty sample checked nothing', () => {
    expect(dryRunHeadline(counts({}), 0)).toEqual({ tone: 'ok', text: 'No problems found in the sample.' });
    expect(dryRunHeadline(counts({}), 1).tone).toBe('warn');
    expect(dryRunHeadline(counts({ read: 0, send: 0 }), 0).text).toMatch(/^The query returned no rows, so nothing was checked/);
  });

  it('filters the sample by outcome or by one reason', () => {
    const rows: DryRunResult['rows'] = [
      { index: 1, key: 'a', status: 'send', reason: null, payload: {} },
      { index: 2, key: 'b', status: 'rejected', reason: 'x is null', payload: null },
      { index: 3, key: 'c', status: 'rejected', reason: 'y is not a number', payload: null },
      { index: 4, key: 'd', status: 'rejected', reason: null, payload: null },
    ];
    expect(filterSample(rows, { kind: 'all' }).map((r) => r.index)).toEqual([1, 2, 3, 4]);
    expect(filterSample(rows, { kind: 'status', status: 'rejected' }).map((r) => r.index)).toEqual([2, 3, 4]);
    expect(filterSample(rows, { kind: 'reason', reason: 'y is not a number' }).map((r) => r.index)).toEqual([3]);
    expect(filterSample(rows, { kind: 'reason', reason: 'No reason given' }).map((r) => r.index)).toEqual([4]);
  });
});
