import { useEffect, useState } from 'react';

const units: Array<[Intl.RelativeTimeFormatUnit, number]> = [
  ['day', 86_400_000],
  ['hour', 3_600_000],
  ['minute', 60_000],
];
const format = new Intl.RelativeTimeFormat(undefined, { numeric: 'auto' });

/** The current time, refreshed each minute so "5 minutes ago" stays true while a page is open. */
function useNow(): number {
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    const timer = setInterval(() => setNow(Date.now()), 60_000);
    return () => clearInterval(timer);
  }, []);
  return now;
}

export function TimeAgo(props: { at: string | null; never?: string }) {
  const now = useNow();
  if (!props.at) return <span className="muted">{props.never ?? 'never'}</span>;
  const delta = new Date(props.at).getTime() - now;
  const [unit, size] = units.find(([, ms]) => Math.abs(delta) >= ms) ?? ['minute', 60_000];
  return (
    <time dateTime={props.at} title={new Date(props.at).toLocaleString()}>
      {format.format(Math.round(delta / size), unit)}
    </time>
  );
}
