import { formatRunTime } from '../../../shared/schedule';

export type AwayReason = 'closed' | 'asleep' | 'busy';

const AWAY: Record<AwayReason, string> = {
  closed: 'while Floe was not running',
  asleep: 'while the computer was asleep or offline',
  busy: 'while Floe was busy',
};

const runs = (n: number) => (n === 1 ? '1 run' : `${n.toLocaleString('en-GB')} runs`);

/** "Missed 3 runs while the computer was asleep or offline (09:00 to 11:00); ran once at 11:14 Europe/Berlin." */
export function missedNote(missed: number, away: AwayReason, first: Date, last: Date, ranAt: Date | null, timezone: string, capped: boolean): string {
  const span = missed === 1 ? `(${formatRunTime(first, timezone)})` : `(${formatRunTime(first, timezone)} to ${formatRunTime(last, timezone)})`;
  const count = capped ? `at least ${runs(missed)}` : runs(missed);
  const head = `Missed ${count} ${AWAY[away]} ${span}`;
  return ranAt ? `${head}; ran once at ${formatRunTime(ranAt, timezone)}.` : `${head}; skipped, as this sync's schedule says.`;
}
