import { kindLabel } from '../../../../shared/destinations';
import type { Destination, DestinationKind, RunBatches, Sync } from '../../../../shared/schemas';
import { count } from './run-labels';

/** Where a run sent its rows: the destination's kind, its name for people, and the sync's data type. */
export interface RunDestination {
  kind: DestinationKind;
  label: string;
  dataType: string;
}

/** The run's destination from the lists the page has loaded; null when its sync or destination is gone. */
export function runDestination(syncId: string, syncs: readonly Sync[], destinations: readonly Destination[]): RunDestination | null {
  const sync = syncs.find((s) => s.id === syncId);
  const destination = sync && destinations.find((d) => d.id === sync.destinationId);
  return sync && destination ? { kind: destination.kind, label: kindLabel(destination.kind), dataType: sync.dataType } : null;
}

/** Where a data type's records carry Floe's row key, so the copies of a row sent twice can be found. */
const ROW_KEY_FIELD: Partial<Record<DestinationKind, Record<string, string>>> = {
  clevertap: { events: 'evtData.floe_id' },
};

/** Why rows may be stored twice, in one line, and how to find their copies when the records say. */
export function duplicatesNote(destination: RunDestination | null): string {
  const who = destination?.label ?? 'The destination';
  const field = destination && ROW_KEY_FIELD[destination.kind]?.[destination.dataType];
  const why = `${who} has no idempotency key: these rows were sent again after an answer was lost and may be stored twice`;
  return field ? `${why}; each event carries its row key as ${field}.` : `${why}.`;
}

/** What a receipt means: the destination took the batch in, and processes its records later. */
export function receiptsNote(destination: RunDestination | null): string {
  const who = destination?.label ?? 'The destination';
  const whom = destination?.label ?? 'the destination';
  return `${who} answered 200 = received: it processes records later; ask ${whom} about a receipt id if records are missing.`;
}

export interface StatusCount {
  status: number;
  count: number;
  /** 2xx: the destination took the request. */
  ok: boolean;
}

/** The receipts' HTTP statuses, lowest first, each with how many. */
export function statusCounts(summary: RunBatches['summary']): StatusCount[] {
  return Object.entries(summary.byStatus)
    .map(([status, n]) => ({ status: Number(status), count: n, ok: Number(status) >= 200 && Number(status) < 300 }))
    .sort((a, b) => a.status - b.status);
}

/** "42 batches", and how many are listed when not all are. */
export function batchesHeadline(batches: RunBatches): string {
  const total = batches.summary.batches;
  const all = `${count.format(total)} ${total === 1 ? 'batch' : 'batches'}`;
  return batches.receipts.length < total ? `${all}; the first ${count.format(batches.receipts.length)} are listed` : all;
}
