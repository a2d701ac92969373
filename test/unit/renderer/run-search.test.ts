import { describe, expect, it } from 'vitest';
import { HISTORY_LIMIT, isFiltered, NO_FILTERS, toRunQuery } from '../../../renderer/src/features/runs/run-history';

describe('the run history’s search as a filter', () => {
  it('is sent to core trimmed, and only when it has words', () => {
    expect(toRunQuery({ ...NO_FILTERS, search: '  timed out ' })).toEqual({ limit: HISTORY_LIMIT, search: 'timed out' });
    expect(toRunQuery({ ...NO_FILTERS, search: '   ' })).toEqual({ limit: HISTORY_LIMIT });
  });

  it('goes with the other filters', () => {
    const query = toRunQuery({ ...NO_FILTERS, syncId: '6f1c2b9e-3d4a-4c5b-8e7f-0a1b2c3d4e5f', statuses: ['failed'], search: 'refused' });
    expect(query).toEqual({ limit: HISTORY_LIMIT, syncId: '6f1c2b9e-3d4a-4c5b-8e7f-0a1b2c3d4e5f', statuses: ['failed'], search: 'refused' });
  });

  it('counts as filtering, so Clear filters is offered and the empty state says why', () => {
    expect(isFiltered({ ...NO_FILTERS, search: 'orders' })).toBe(true);
    expect(isFiltered({ ...NO_FILTERS, search: '  ' })).toBe(false);
    expect(NO_FILTERS.search).toBe('');
  });
});
