import { describe, expect, it } from 'vitest';
import type { RunEvent } from '../../../shared/schemas';
import { timelineEntries } from '../../../renderer/src/features/runs/timeline';

const at = (seconds: number) => new Date(Date.UTC(2025, 1, 3, 9, 0, 0) + seconds * 1000).toISOString();
const event = (seconds: number, kind: RunEvent['kind'], message: string = kind): RunEvent => ({ at: at(seconds), kind, message });

describe('a run’s timeline', () => {
  const events = [
    event(0, 'queued', 'Queued (schedule).'),
    event(0, 'waiting', 'Waiting for the network: Snowflake did not answer.'),
    event(120, 'waiting', 'The network answered after 2 min; starting.'),
    event(121, 'connecting', 'Connecting to Snowflake.'),
    event(123, 'extracting', 'Query running; reading rows.'),
    event(124, 'delivering', 'Delivering to the destination.'),
    event(126, 'retry', 'Retrying: HTTP 503.'),
    event(130, 'committing', 'Recording what the destination acknowledged.'),
    event(131, 'finished', 'succeeded'),
  ];

  it('keeps core’s order and gives each step the time to the next step', () => {
    const entries = timelineEntries(events, { active: false });
    expect(entries.map((e) => e.kind)).toEqual(['queued', 'waiting', 'waiting', 'connecting', 'extracting', 'delivering', 'retry', 'committing', 'finished']);
    expect(entries.map((e) => e.tookMs)).toEqual([0, 120_000, 1000, 2000, 1000, 6000, null, 1000, null]);
    expect(entries.map((e) => e.offsetMs / 1000)).toEqual([0, 0, 120, 121, 123, 124, 126, 130, 131]);
    expect(entries.some((e) => e.current)).toBe(false);
  });

  it('marks waits and retries, and ends in words', () => {
    const entries = timelineEntries(events, { active: false });
    expect(entries[1]).toMatchObject({ tone: 'wait', label: 'Waiting for the network', text: 'Waiting for the network: Snowflake did not answer.' });
    expect(entries[6]).toMatchObject({ tone: 'retry', label: 'Retry', text: 'Retrying: HTTP 503.' });
    expect(entries[8]).toMatchObject({ tone: 'ok', label: 'Finished', text: 'Succeeded' });
    // A message that only repeats its label is shown once.
    expect(entries.map((e) => e.repeatsLabel)).toEqual([false, false, false, true, false, false, false, false, false]);
  });

  it('reads a failure’s message after its status', () => {
    const [end] = timelineEntries([event(0, 'finished', 'failed: Snowflake refused the password.')], { active: false });
    expect(end).toMatchObject({ tone: 'failed', text: 'Failed: Snowflake refused the password.' });
    const [partly] = timelineEntries([event(0, 'finished', 'partially_succeeded')], { active: false });
    expect(partly).toMatchObject({ tone: 'warn', text: 'Partly succeeded' });
    const [other] = timelineEntries([event(0, 'finished', 'something else')], { active: false });
    expect(other).toMatchObject({ tone: 'neutral', text: 'something else' });
  });

  it('while the run is active, the last step is current and lasts until now', () => {
    const running = events.slice(0, 7);
    const entries = timelineEntries(running, { active: true, now: Date.parse(at(130)) });
    const delivering = entries.find((e) => e.kind === 'delivering')!;
    expect(delivering).toMatchObject({ current: true, tookMs: 6000 });
    expect(entries.filter((e) => e.current)).toHaveLength(1);
    // A retry is a moment in the step, not the step.
    expect(entries.find((e) => e.kind === 'retry')).toMatchObject({ current: false, tookMs: null });
  });

  it('a skipped run is one entry; an empty timeline is empty', () => {
    const skipped = timelineEntries([event(0, 'finished', 'Missed 3 runs while the computer was asleep.')], { active: false });
    expect(skipped).toHaveLength(1);
    expect(skipped[0]).toMatchObject({ tookMs: null, text: 'Missed 3 runs while the computer was asleep.' });
    expect(timelineEntries([], { active: true })).toEqual([]);
  });
});
