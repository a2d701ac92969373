import { renderToStaticMarkup } from 'react-dom/server';
import { describe, expect, it, vi } from 'vitest';
import type { Destination, RunBatches, Sync } from '../../../shared/schemas';

// These render the views on their own; nothing here calls core.
vi.mock('../../../renderer/src/lib/api', () => ({ floe: {}, toIpcError: (e: unknown) => e, unwrap: async (v: unknown) => v }));
const { batchesHeadline, duplicatesNote, receiptsNote, runDestination, statusCounts } = await import('../../../renderer/src/features/runs/run-batches');
const { BatchReceipts, PossiblyDuplicated } = await import('../../../renderer/src/features/runs/run-batches-view');

const clevertapEvents = { kind: 'clevertap', label: 'CleverTap', dataType: 'events' } as const;
const cluedin = { kind: 'cluedin', label: 'CluedIn', dataType: 'records' } as const;

const batches = (over: Partial<RunBatches> = {}): RunBatches => ({
  summary: { batches: 3, byStatus: { '200': 2, '202': 1 } },
  receipts: [
    { seq: 1, status: 200, receiptId: 'rcpt-1', records: 500, warnings: [] },
    { seq: 2, status: 200, receiptId: 'rcpt-2', records: 250, warnings: ["property 'first name' renamed first_name", 'property "a.b" renamed a_b'] },
    { seq: 3, status: 202, receiptId: null, records: 250, warnings: [] },
  ],
  ...over,
});

/** The text a person reads, without markup. */
const text = (html: string) => html.replace(/<br\/>/g, ' ').replace(/<[^>]+>/g, '').replace(/&quot;/g, '"').replace(/&#x27;/g, "'");

describe('possibly duplicated rows', () => {
  it('say why in one line, naming the destination and where an event carries its row key', () => {
    expect(duplicatesNote(clevertapEvents)).toBe(
      'CleverTap has no idempotency key: these rows were sent again after an answer was lost and may be stored twice; each event carries its row key as evtData.floe_id.',
    );
    // Profiles carry no floe_id: the note does not send anyone looking for one.
    expect(duplicatesNote({ ...clevertapEvents, dataType: 'profiles' })).toBe('CleverTap has no idempotency key: these rows were sent again after an answer was lost and may be stored twice.');
    expect(duplicatesNote(null)).toMatch(/^The destination has no idempotency key/);
  });

  it('show the count with the note only when there are some', () => {
    expect(renderToStaticMarkup(<PossiblyDuplicated count={0} destination={clevertapEvents} />)).toBe('');
    const html = renderToStaticMarkup(<PossiblyDuplicated count={1500} destination={clevertapEvents} />);
    expect(html).toContain('data-testid="run-maybe-duplicated"');
    expect(text(html)).toMatch(/^Possibly duplicated: 1,500 CleverTap has no idempotency key: .* evtData\.floe_id\.$/);
  });
});

describe('a run’s batch receipts', () => {
  it('are counted by HTTP status, lowest first, 2xx marked as taken', () => {
    expect(statusCounts({ batches: 4, byStatus: { '500': 1, '200': 2, '202': 1 } })).toEqual([
      { status: 200, count: 2, ok: true },
      { status: 202, count: 1, ok: true },
      { status: 500, count: 1, ok: false },
    ]);
    expect(statusCounts({ batches: 0, byStatus: {} })).toEqual([]);
  });

  it('say how many there are, and when only the first are listed', () => {
    expect(batchesHeadline(batches())).toBe('3 batches');
    expect(batchesHeadline(batches({ summary: { batches: 1, byStatus: { '200': 1 } }, receipts: batches().receipts.slice(0, 1) }))).toBe('1 batch');
    expect(batchesHeadline(batches({ summary: { batches: 2500, byStatus: { '200': 2500 } } }))).toBe('2,500 batches; the first 3 are listed');
  });

  it('explain a receipt for the run’s destination, or for any', () => {
    expect(receiptsNote(cluedin)).toBe('CluedIn answered 200 = received: it processes records later; ask CluedIn about a receipt id if records are missing.');
    expect(receiptsNote(null)).toBe('The destination answered 200 = received: it processes records later; ask the destination about a receipt id if records are missing.');
  });

  it('show the count, the statuses, the note and a row per receipt with its warnings', () => {
    const html = renderToStaticMarkup(<BatchReceipts batches={batches()} destination={cluedin} />);
    expect(html).toContain('aria-label="Batches"');
    expect(html).toContain('class="run-batches-scroll"');
    expect(text(html)).toContain('3 batchesHTTP 200 × 2HTTP 202 × 1');
    expect(text(html)).toContain('ask CluedIn about a receipt id if records are missing');
    const rows = html.split('<tr>').slice(2).map((row) => row.split('</td>').slice(0, -1).map(text));
    expect(rows).toEqual([
      ['1', '200', '500', 'rcpt-1', '—'],
      ['2', '200', '250', 'rcpt-2', `property 'first name' renamed first_nameproperty "a.b" renamed a_b`],
      ['3', '202', '250', 'none given', '—'],
    ]);
    expect(html.match(/<li>/g)).toHaveLength(2);
  });

  it('show nothing for a run without receipts', () => {
    expect(renderToStaticMarkup(<BatchReceipts batches={{ summary: { batches: 0, byStatus: {} }, receipts: [] }} destination={cluedin} />)).toBe('');
  });

  it('find the run’s destination through its sync, or none when either is gone', () => {
    const sync = { id: 's1', destinationId: 'd1', dataType: 'events' } as Sync;
    const destination = { id: 'd1', kind: 'clevertap' } as Destination;
    expect(runDestination('s1', [sync], [destination])).toEqual(clevertapEvents);
    expect(runDestination('s1', [sync], [])).toBeNull();
    expect(runDestination('gone', [sync], [destination])).toBeNull();
  });
});
