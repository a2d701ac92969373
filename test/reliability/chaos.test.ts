import { describe, expect, it } from 'vitest';
import { useEngineEnv } from '../integration/engine/helpers';

// Issue 15 §2, "chaos": a storm over a 100k-row run — 429s with and without Retry-After, 5xx,
// timeouts, dropped connections, answers lost after the records were stored, per-record
// rejections — and every row still ends sent exactly once or rejected with a reason, as the
// fake's stored records and the run's rejected rows show. Replay with FLOE_SEED.
const ROWS = Number(process.env.FLOE_CHAOS_ROWS ?? 100_000);
const SEED = Number(process.env.FLOE_SEED ?? 20261203);
/** The destination refuses one event in 97 (a per-record rejection with its reason). */
const refused = (id: string) => Number(id.replace(/\D/g, '')) % 97 === 0;

const t = useEngineEnv(ROWS, { batchSize: 500, concurrency: 4, timeoutMs: 5_000, maxAttempts: 12 }, {
  rejectWhen: (record) => (refused(String(record.event_id)) ? 'event refused by the destination (test rule)' : null),
});

describe('chaos', () => {
  it(`a ${ROWS.toLocaleString('en-US')}-row run through a storm: every row sent once or rejected with a reason`, async () => {
    const { fake } = t;
    // Counted faults first (the first requests meet them), then the storm for every request after.
    fake.faults.set({
      rateLimit: { count: 3, retryAfterSeconds: null },
      delay: { count: 3, ms: 7_000 },
      dropConnections: 4,
      acceptThenDrop: 4,
      storm: { rate429: 0.1, rate5xx: 0.1, seed: SEED, retryAfterSeconds: 1 },
    });
    const sync = await t.env.sync({ query: 'SELECT EVENT_ID, EVENT_NAME, USER_ID, EVENT_TIMESTAMP FROM APP_EVENTS' });
    const run = await t.env.run(sync.id);
    const stats = fake.stats();
    fake.faults.reset();

    const stored = new Map<string, number>();
    for (const record of fake.accepted()) {
      const id = String((record as { event_id: string }).event_id);
      stored.set(id, (stored.get(id) ?? 0) + 1);
    }
    const rejected = await t.env.core.handlers['runs.rejected']({ runId: run.id, limit: 100_000 });
    const expectedRefused = (await t.emulator.sql('SELECT EVENT_ID FROM APP_EVENTS')).map((r) => String(r.EVENT_ID)).filter(refused);
    const twice = [...stored.values()].filter((n) => n > 1).length;
    const lost = ROWS - stored.size - rejected.length;
    console.log(
      `chaos (seed ${SEED}): rows ${ROWS}, sent ${run.counters.sent} (stored by the fake ${stored.size}), rejected ${rejected.length}, lost ${lost}, stored twice ${twice}; ` +
        `the fake: ${JSON.stringify(stats)}`,
    );
    expect(run.counters.read).toBe(ROWS);
    expect(run.counters).toMatchObject({ sent: stored.size, rejected: rejected.length, skipped: 0 });
    expect(twice).toBe(0);
    expect(lost).toBe(0);
    // Rejected means the destination said no, with its reason: exactly the events its rule refuses.
    expect(rejected.map((r) => r.rowKey).sort()).toEqual(expectedRefused.sort());
    expect(rejected.every((r) => r.destinationMessage === 'event refused by the destination (test rule)' && !r.retryable)).toBe(true);
  }, 1_800_000);
});
