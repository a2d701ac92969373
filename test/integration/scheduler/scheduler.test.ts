import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { seedSizes, startEmulator, type EmulatorHandle } from '../../emulators/snowflake';
import { startHttpFake, type HttpFakeHandle } from '../../emulators/destinations/http';
import { useTempDirs } from '../../helpers/temp-dir';
import { eventually, schedulerCore, settled, TestClock } from './helpers';

const ROWS = 300;
const EVENTS = seedSizes(ROWS).events;
const tempDir = useTempDirs();
let emulator: EmulatorHandle;
let fake: HttpFakeHandle;
let env: Awaited<ReturnType<typeof schedulerCore>> | undefined;
let clock: TestClock;

beforeAll(async () => {
  emulator = await startEmulator({ rows: ROWS });
  fake = await startHttpFake();
});
afterAll(async () => {
  await fake?.close();
  await emulator?.close();
});
beforeEach(async () => {
  fake.reset();
  clock = new TestClock(new Date('2026-02-03T08:00:30Z'));
  env = await schedulerCore(tempDir(), emulator, clock, fake.url);
  env.core.scheduler.start();
});
afterEach(async () => {
  await env?.core.close();
  env = undefined;
});

const ids = () => fake.accepted().map((r) => r._floe_id);

describe('the scheduler, on a clock the test controls', () => {
  it('starts a 1-minute schedule on time, not before, through the engine with trigger schedule', async () => {
    const { core, sync, runs } = env!;
    const s = await sync({ kind: 'interval', minutes: 1, catchUp: 'once' });
    await core.scheduler.scan('test');
    expect(core.store.schedules.get(s.id)?.nextRunAt?.toISOString()).toBe('2026-02-03T08:01:00.000Z');

    clock.set('2026-02-03T08:00:59.900Z');
    await core.scheduler.scan('test');
    expect(runs(s.id)).toEqual([]);

    clock.set('2026-02-03T08:01:00.200Z');
    await core.scheduler.scan('test');
    const [run] = await eventually(() => settled(runs(s.id)) && runs(s.id), 30_000, 'the scheduled run');
    expect(run).toMatchObject({ trigger: 'schedule', status: 'succeeded', scheduledFor: '2026-02-03T08:01:00.000Z', note: null });
    expect(run!.counters.sent).toBe(EVENTS);
    // What the destination holds, not Floe's counters: every row, once.
    expect(new Set(ids()).size).toBe(EVENTS);
    expect(ids()).toHaveLength(EVENTS);
    expect(core.store.schedules.get(s.id)?.nextRunAt?.toISOString()).toBe('2026-02-03T08:02:00.000Z');

    // The same slot is not run twice, however often the scheduler looks.
    await core.scheduler.scan('test');
    await core.scheduler.scan('test');
    expect(runs(s.id)).toHaveLength(1);
  });

  it('records a skipped run, never an overlap, when a run outlasts its interval', async () => {
    const { core, sync, runs } = env!;
    const s = await sync({ kind: 'interval', minutes: 1, catchUp: 'once' });
    await core.scheduler.scan('test');
    fake.faults.delay(1, 3_000);
    clock.set('2026-02-03T08:01:00.100Z');
    await core.scheduler.scan('test');
    await eventually(() => runs(s.id)[0]?.status === 'running', 15_000, 'the first run to start');

    clock.set('2026-02-03T08:02:00.100Z');
    await core.scheduler.scan('test');
    clock.set('2026-02-03T08:03:00.100Z');
    await core.scheduler.scan('test');
    await eventually(() => settled(runs(s.id)), 30_000, 'the runs to settle');

    const history = runs(s.id);
    expect(history.map((r) => [r.status, r.scheduledFor])).toEqual([
      ['succeeded', '2026-02-03T08:01:00.000Z'],
      ['skipped', '2026-02-03T08:02:00.000Z'],
      ['skipped', '2026-02-03T08:03:00.000Z'],
    ]);
    expect(history[1]!.error).toMatchObject({ code: 'already_running', message: expect.stringContaining('was still running') });
    expect(fake.batches()).toHaveLength(1);
    expect(ids()).toHaveLength(EVENTS);
  });

  it('runs once after an 8-hour sleep, with the missed runs in the history', async () => {
    const { core, sync, runs } = env!;
    const s = await sync({ kind: 'interval', minutes: 60, catchUp: 'once' });
    await core.scheduler.scan('test');
    // The laptop sleeps at 08:00:30 and wakes at 16:14: slots 09:00 … 16:00 passed.
    clock.set('2026-02-03T16:14:00.000Z');
    await core.scheduler.scan('resume');
    await core.scheduler.scan('resume');
    await eventually(() => settled(runs(s.id)), 30_000, 'the catch-up run');

    const history = runs(s.id);
    expect(history).toHaveLength(1);
    expect(history[0]).toMatchObject({ status: 'succeeded', trigger: 'schedule', scheduledFor: '2026-02-03T16:00:00.000Z' });
    expect(history[0]!.note).toMatch(/^Missed 8 runs while the computer was asleep or offline \(.*\); ran once at .*16:14/);
    expect(ids()).toHaveLength(EVENTS);
    expect(core.store.schedules.get(s.id)?.nextRunAt?.toISOString()).toBe('2026-02-03T17:00:00.000Z');
  });

  it('with "skip", records the missed runs and waits for the next slot', async () => {
    const { core, sync, runs } = env!;
    const s = await sync({ kind: 'interval', minutes: 60, catchUp: 'skip' });
    await core.scheduler.scan('test');
    clock.set('2026-02-03T16:14:00.000Z');
    await core.scheduler.scan('resume');
    const history = runs(s.id);
    expect(history).toHaveLength(1);
    expect(history[0]).toMatchObject({ status: 'skipped', error: { code: 'missed' }, scheduledFor: '2026-02-03T16:00:00.000Z' });
    expect(history[0]!.note).toMatch(/^Missed 8 runs .*; skipped, as this sync's schedule says\.$/);
    expect(fake.batches()).toHaveLength(0);

    clock.set('2026-02-03T17:00:00.100Z');
    await core.scheduler.scan('timer');
    await eventually(() => settled(runs(s.id)) && runs(s.id).length === 2, 30_000, 'the next slot’s run');
    expect(runs(s.id)[1]).toMatchObject({ status: 'succeeded', note: null });
  });

  it('does not count time paused, nor slots before the schedule was saved, as missed', async () => {
    const { core, sync, runs } = env!;
    const s = await sync({ kind: 'interval', minutes: 60, catchUp: 'once' });
    await core.scheduler.scan('test');
    await core.handlers['syncs.setEnabled']({ id: s.id, enabled: false });
    clock.set('2026-02-05T10:30:00.000Z');
    await core.scheduler.scan('test');
    expect(runs(s.id)).toEqual([]);
    await core.handlers['syncs.setEnabled']({ id: s.id, enabled: true });
    await core.scheduler.scan('test');
    expect(runs(s.id)).toEqual([]);
    expect(core.store.schedules.get(s.id)?.nextRunAt?.toISOString()).toBe('2026-02-05T11:00:00.000Z');
  });

  it('after the clock is set back, continues from the new time instead of waiting for the old one', async () => {
    const { core, sync, runs } = env!;
    const s = await sync({ kind: 'interval', minutes: 60, catchUp: 'once' });
    await core.scheduler.scan('test');
    clock.set('2026-02-03T09:00:00.100Z');
    await core.scheduler.scan('test');
    await eventually(() => settled(runs(s.id)), 30_000, 'the 09:00 run');
    // The user's clock was an hour fast; they fix it.
    clock.set('2026-02-03T08:05:00.000Z');
    await core.scheduler.scan('test');
    expect(core.store.schedules.get(s.id)?.nextRunAt?.toISOString()).toBe('2026-02-03T09:00:00.000Z');
  });

  it('lists what is due next for the tray, soonest first', async () => {
    const { core, sync } = env!;
    await sync({ kind: 'interval', minutes: 60, catchUp: 'once' }, { name: 'Hourly' });
    await sync({ kind: 'interval', minutes: 15, catchUp: 'once' }, { name: 'Quarterly hour' });
    await sync({ kind: 'manual' }, { name: 'By hand' });
    await core.scheduler.scan('test');
    expect(core.scheduler.upcoming().map((u) => [u.name, u.at.toISOString()])).toEqual([
      ['Quarterly hour', '2026-02-03T08:15:00.000Z'],
      ['Hourly', '2026-02-03T09:00:00.000Z'],
    ]);
  });
});

describe('a scheduled run when the destination cannot be reached', () => {
  it('waits for the network, visibly, and runs when it is back', async () => {
    // A port with nothing listening: the endpoint is down (or the laptop offline).
    const gone = await startHttpFake();
    const port = gone.port;
    await gone.close();
    await env!.core.close();
    env = await schedulerCore(tempDir(), emulator, clock, `http://127.0.0.1:${port}/ingest`, { networkRetryMs: 200 });
    const { core, sync, runs } = env;
    core.scheduler.start();
    const s = await sync({ kind: 'interval', minutes: 1, catchUp: 'once' });
    await core.scheduler.scan('test');
    clock.set('2026-02-03T08:01:00.100Z');
    await core.scheduler.scan('test');

    const waiting = await eventually(() => core.store.runs.events(runs(s.id)[0]?.id ?? '').find((e) => e.kind === 'waiting'), 10_000, 'the wait');
    expect(waiting.message).toMatch(/Waiting for the network: Fake endpoint: 127\.0\.0\.1:\d+ refused the connection/);
    expect(runs(s.id)[0]!.status).toBe('queued');
    const overview = (await core.handlers['syncs.overview']({})).find((o) => o.syncId === s.id);
    expect(overview).toMatchObject({ status: 'waiting', activeRunId: runs(s.id)[0]!.id });
    // The next slot comes while it waits: no second run, no pile of skipped records.
    clock.set('2026-02-03T08:02:00.100Z');
    await core.scheduler.scan('test');

    const back = await startHttpFake({ port });
    try {
      await eventually(() => settled(runs(s.id)), 30_000, 'the run after the network came back');
      const history = runs(s.id);
      expect(history.map((r) => r.status)).toEqual(['succeeded']);
      expect(core.store.runs.events(history[0]!.id).find((e) => e.kind === 'note')?.message).toMatch(/passed while this run waited/);
      expect(history[0]).toMatchObject({ status: 'succeeded', note: expect.stringMatching(/Waited .* for the network\./) });
      expect(back.accepted()).toHaveLength(EVENTS);
      expect(core.store.runs.events(history[0]!.id).map((e) => e.kind)).toEqual(
        expect.arrayContaining(['queued', 'waiting', 'connecting', 'extracting', 'delivering', 'finished']),
      );
    } finally {
      await back.close();
    }
  });
});

describe('a scheduled run whose destination never answers', () => {
  it('gives up after the wait limit: the run fails with the cause, and that notifies once', async () => {
    const gone = await startHttpFake();
    const port = gone.port;
    await gone.close();
    await env!.core.close();
    env = await schedulerCore(tempDir(), emulator, clock, `http://127.0.0.1:${port}/ingest`, { networkRetryMs: 100, networkWaitLimitMs: 600 });
    const { core, sync, runs } = env;
    core.scheduler.start();
    const s = await sync({ kind: 'interval', minutes: 1, catchUp: 'once' });
    await core.scheduler.scan('test');
    clock.set('2026-02-03T08:01:00.100Z');
    await core.scheduler.scan('test');
    const [run] = await eventually(() => settled(runs(s.id)) && runs(s.id), 15_000, 'the run to give up');
    expect(run).toMatchObject({ status: 'failed', error: { code: 'network_unreachable', message: expect.stringMatching(/gave up: Fake endpoint: 127\.0\.0\.1:\d+ refused the connection/) } });
    expect(core.store.notifications.list().map((n) => [n.kind, n.runId])).toEqual([['failed', run!.id]]);
  });
});
