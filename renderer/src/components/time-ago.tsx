import { useEffect, useState } from 'react';

const units: Array<[Intl.RelativeTimeFormatUnit, number]> = [
  ['day', 86_400_000],
  ['hour', 3_600_000],
  ['minute', 60_000],
];
const format = new Intl.RelativeTimeFormat('en', { numeric: 'auto' });

/**
 * An instant relative to now in words: "3 minutes ago", "in 2 hours", "yesterday"; anything
 * within the minute either side is "just now" (or "in under a minute" ahead), never "this minute".
 * With `past`, an instant after `now` is "just now": what happened cannot be ahead, only `now`
 * (refreshed every 30 s) behind.
 */
export function relativeTime(at: Date | string | number, now: number = Date.now(), options: { past?: boolean } = {}): string {
  const raw = new Date(at).getTime() - now;
  const delta = options.past ? Math.min(0, raw) : raw;
  if (Math.abs(delta) < 60_000) return delta > 5_000 ? 'in under a minute' : 'just now';
  const [unit, size] = units.find(([, ms]) => Math.abs(delta) >= ms) ?? ['minute', 60_000];
  // Truncated towards zero: 1 min 50 s ago is "1 minute ago", as a clock would say.
  return format.format(Math.trunc(delta / size), unit);
}

/** The current time, refreshed every 30 s so "5 minutes ago" stays true while a page is open. */
export function useNow(intervalMs = 30_000): number {
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    const timer = setInterval(() => setNow(Date.now()), intervalMs);
    return () => clearInterval(timer);
  }, [intervalMs]);
  return now;
}

export function TimeAgo(props: { at: string | null; never?: string }) {
  const now = useNow();
  if (!props.at) return <span className="muted">{props.never ?? 'never'}</span>;
  return (
    <time dateTime={props.at} title={new Date(props.at).toLocaleString()}>
      {relativeTime(props.at, now, { past: true })}
    </time>
  );
}
