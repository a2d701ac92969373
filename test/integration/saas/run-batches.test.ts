import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { DEFAULT_TOKEN, startCluedInFake, type CluedInFake } from '../../emulators/destinations/cluedin';
import { seedSizes } from '../../emulators/snowflake';
import { useSaasEnv } from './helpers';

const ROWS = 600;
const SIZES = seedSizes(ROWS);
const COLUMNS = ['EVENT_ID', 'UPDATED_AT', 'EVENT_NAME', 'PLATFORM'];
const EVENTS = 'SELECT EVENT_ID, EVENT_TIMESTAMP AS UPDATED_AT, EVENT_NAME, PLATFORM FROM APP_EVENTS';
/** CluedIn's smallest batch: the demo events make two requests. */
const BATCH = 500;
const PER_REQUEST = [BATCH, SIZES.events - BATCH];

const env = useSaasEnv(ROWS);
let fake: CluedInFake;
beforeAll(async () => {
  fake = await startCluedInFake();
});
afterAll(async () => fake?.close());
beforeEach(() => fake.reset());

/** A run of the demo events to CluedIn, and its record and receipts as floe.db keeps them. */
async function runEvents() {
  const destination = await env.ctx.core.handlers['destinations.create']({ name: `CluedIn ${Math.random().toString(36).slice(2, 8)}`, kind: 'cluedin', settings: { url: fake.endpointUrl(), entityType: 'Customer', batchSize: BATCH } });
  await env.ctx.core.secrets.set({ kind: 'destination', id: destination.id, field: 'token' }, DEFAULT_TOKEN);
  const sync = await env.sync(destination.id, 'cluedin', 'entities', EVENTS, COLUMNS);
  const done = await env.run(sync.id);
  const run = await env.ctx.core.handlers['runs.get']({ id: done.id });
  return { run, batches: await env.ctx.core.handlers['runs.batches']({ runId: run.id, limit: 2000 }) };
}

describe('a run keeps its destination’s receipts (CluedIn)', () => {
  it('one per request, in order, with the receipt id CluedIn answered and the records it carried', async () => {
    const { run, batches } = await runEvents();
    expect(run.counters).toMatchObject({ sent: SIZES.events, rejected: 0, maybeDuplicated: 0 });
    const answered = fake.requests().filter((r) => r.status === 200);
    expect(batches.summary).toEqual({ batches: 2, byStatus: { '200': 2 } });
    // In batch order (the requests may have arrived in either), each the receipt CluedIn gave the request that carried it.
    expect(batches.receipts).toEqual(PER_REQUEST.map((records, i) => ({ seq: i + 1, status: 200, receiptId: expect.any(String), records, warnings: [] })));
    for (const receipt of batches.receipts) expect(answered.find((r) => r.receiptId === receipt.receiptId)?.records).toBe(receipt.records);
  });

  it('none for a request whose answer was lost: only what the run committed', async () => {
    fake.faults.acceptThenDrop(1);
    const { run, batches } = await runEvents();
    expect(run.counters).toMatchObject({ sent: SIZES.events, rejected: 0 });
    const dropped = fake.requests().filter((r) => r.ackDropped);
    expect(dropped).toHaveLength(1);
    // The fake made a receipt for the request whose answer it swallowed; Floe never saw it.
    expect(dropped[0]!.receiptId).not.toBeNull();
    expect(batches.receipts.map((r) => r.receiptId)).not.toContain(dropped[0]!.receiptId);
    expect(batches.summary).toEqual({ batches: 2, byStatus: { '200': 2 } });
    expect(batches.receipts.map((r) => r.records)).toEqual(PER_REQUEST);
  });
});
