import { RunStatus, type RunEvent } from '../../../../shared/schemas';
import { STATUS_LABEL } from './run-labels';

type Kind = RunEvent['kind'];

export const EVENT_LABEL: Record<Kind, string> = {
  queued: 'Queued',
  waiting: 'Waiting for the network',
  connecting: 'Connecting to Snowflake',
  extracting: 'Reading rows',
  delivering: 'Delivering',
  committing: 'Recording what was acknowledged',
  retry: 'Retry',
  finished: 'Finished',
  note: 'Note',
};

/** Steps that last until the next one; retries and notes are moments within a step. */
const STEPS: ReadonlySet<Kind> = new Set(['queued', 'waiting', 'connecting', 'extracting', 'delivering', 'committing']);

export type EntryTone = 'step' | 'wait' | 'retry' | 'note' | 'ok' | 'warn' | 'failed' | 'neutral';

export interface TimelineEntry {
  at: string;
  kind: Kind;
  label: string;
  /** The event's message in words ("succeeded" as "Succeeded"). */
  text: string;
  /** The message says no more than the label ("Connecting to Snowflake."): shown once. */
  repeatsLabel: boolean;
  tone: EntryTone;
  /** Since the first event. */
  offsetMs: number;
  /** A step: until the next step or the end (until now while the run is active); null for moments and the end. */
  tookMs: number | null;
  /** The step the run is in now. */
  current: boolean;
}

const FINISHED_TONE: Record<RunStatus, EntryTone> = {
  succeeded: 'ok',
  partially_succeeded: 'warn',
  failed: 'failed',
  cancelled: 'neutral',
  skipped: 'neutral',
  queued: 'neutral',
  running: 'neutral',
};

/** Core writes the end as "<status>" or "<status>: <message>"; people read the status's label. */
function finishedText(message: string): { text: string; tone: EntryTone } {
  const [head, ...rest] = message.split(': ');
  const status = RunStatus.safeParse(head);
  if (!status.success) return { text: message, tone: 'neutral' };
  return { text: [STATUS_LABEL[status.data], ...rest].join(': '), tone: FINISHED_TONE[status.data] };
}

function toneOf(kind: Kind): EntryTone {
  switch (kind) {
    case 'waiting':
      return 'wait';
    case 'retry':
      return 'retry';
    case 'note':
      return 'note';
    case 'queued':
    case 'connecting':
    case 'extracting':
    case 'delivering':
    case 'committing':
    case 'finished':
      return 'step';
    default: {
      const never: never = kind;
      return never;
    }
  }
}

const plain = (text: string) => text.trim().replace(/[.!]+$/, '').toLowerCase();

/**
 * A run's events as its timeline, in the order core recorded them: each step with how long it
 * took (to the next step), waits and retries marked, and the end in words.
 */
export function timelineEntries(events: readonly RunEvent[], options: { active: boolean; now?: number }): TimelineEntry[] {
  const now = options.now ?? Date.now();
  const first = events.length ? Date.parse(events[0]!.at) : 0;
  const ended = events.some((e) => e.kind === 'finished');
  const lastStep = events.reduce((last, e, i) => (STEPS.has(e.kind) ? i : last), -1);
  return events.map((event, i) => {
    const at = Date.parse(event.at);
    let tookMs: number | null = null;
    if (STEPS.has(event.kind)) {
      const next = events.slice(i + 1).find((e) => STEPS.has(e.kind) || e.kind === 'finished');
      if (next) tookMs = Math.max(0, Date.parse(next.at) - at);
      else if (options.active && !ended) tookMs = Math.max(0, now - at);
    }
    const end = event.kind === 'finished' ? finishedText(event.message) : null;
    const text = end?.text ?? event.message;
    return {
      at: event.at,
      kind: event.kind,
      label: EVENT_LABEL[event.kind],
      text,
      repeatsLabel: plain(text) === plain(EVENT_LABEL[event.kind]),
      tone: end?.tone ?? toneOf(event.kind),
      offsetMs: Math.max(0, at - first),
      tookMs,
      current: options.active && !ended && i === lastStep,
    };
  });
}
