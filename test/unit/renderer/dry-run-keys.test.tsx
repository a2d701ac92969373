import { renderToStaticMarkup } from 'react-dom/server';
import { describe, expect, it, vi } from 'vitest';
import type { DryRunResult } from '../../../shared/schemas';

// These render the view on its own; nothing here calls core.
vi.mock('../../../renderer/src/lib/api', () => ({ floe: {}, toIpcError: (e: unknown) => e, unwrap: async (v: unknown) => v }));
const { DryRunResultView } = await import('../../../renderer/src/features/syncs/dry-run-view');

const result = (rows: DryRunResult['rows']): DryRunResult => ({
  columns: [],
  rows,
  requests: [],
  counts: { read: rows.length, send: rows.filter((r) => r.status === 'send').length, unchanged: 0, rejected: rows.filter((r) => r.status === 'rejected').length },
  problems: [],
  queryId: null,
});

/** The sample table's key cells, as text. */
function keyCells(html: string): string[] {
  const table = html.slice(html.indexOf('aria-label="Sample rows"'));
  return [...table.matchAll(/<tr[^>]*><td class="num">\d+<\/td><td>(.*?)<\/td>/g)].map((m) => m[1]!.replace(/<[^>]+>/g, '').replace(/&quot;/g, '"'));
}

describe('dry-run sample rows are named by their key, as people know them', () => {
  it('shows the primary key columns with their values, not the stored key', () => {
    const html = renderToStaticMarkup(
      <DryRunResultView
        primaryKey={['USER_ID', 'EVENT_ID']}
        result={result([
          { index: 1, key: '["user_7","evt_1"]', status: 'send', reason: null, payload: { a: 1 } },
          { index: 2, key: null, status: 'rejected', reason: 'primary key USER_ID is null', payload: null },
        ])}
      />,
    );
    expect(keyCells(html)).toEqual(['USER_ID = user_7, EVENT_ID = evt_1', '—']);
    expect(html).not.toContain('[&quot;user_7&quot;');
  });

  it('a one-column key reads COLUMN = value; a sync without a key shows the digest’s start', () => {
    const one = renderToStaticMarkup(<DryRunResultView primaryKey={['EVENT_ID']} result={result([{ index: 1, key: 'evt_0000000001', status: 'send', reason: null, payload: {} }])} />);
    expect(keyCells(one)).toEqual(['EVENT_ID = evt_0000000001']);
    const digest = 'AbCdEfGhIjKlMnOpQrStUvWxYz012345';
    const none = renderToStaticMarkup(<DryRunResultView primaryKey={[]} result={result([{ index: 1, key: digest, status: 'send', reason: null, payload: {} }])} />);
    expect(keyCells(none)).toEqual(['Digest AbCdEfGhIjKl…']);
  });
});
