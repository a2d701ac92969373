import { Cron } from 'croner';

/** A paused croner job: only its arithmetic is used, never its timers. */
export function cronJob(pattern: string, timezone: string): Cron {
  return new Cron(pattern, { timezone, paused: true, mode: '5-part' });
}

/**
 * Why a cron expression cannot be a schedule, in words, or null when it can: five fields, each
 * one croner accepts, and at least one time it fires (`0 0 30 2 *` never does).
 */
export function cronProblem(expression: string): string | null {
  const fields = expression.trim().split(/\s+/);
  if (fields.length !== 5) {
    return `A cron expression has five fields (minute hour day-of-month month day-of-week), e.g. "0 9 * * 1-5"; "${expression.trim()}" has ${fields.length}.`;
  }
  let job: Cron;
  try {
    job = cronJob(fields.join(' '), 'UTC');
  } catch (error) {
    return `"${expression.trim()}" is not a valid cron expression: ${plain((error as Error).message)}`;
  }
  // Within 8 years every valid date pattern (29 February included) comes round at least once.
  const first = job.nextRun(new Date(Date.UTC(2024, 0, 1)));
  if (!first || first.getTime() > Date.UTC(2032, 0, 1)) return `"${expression.trim()}" never fires: no date matches it.`;
  return null;
}

function plain(message: string): string {
  return message.replace(/^CronPattern:\s*/, '').replace(/\.$/, '') + '.';
}
