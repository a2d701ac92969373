import { useMemo } from 'react';
import { localTimeZone } from '../../../../shared/schedule';
import { preferredTimeZone } from '../settings/preferred-zone';
import type { RepeatUnit } from '../../../../shared/schemas';
import { describedBy, Field } from '../../components/field';
import { relativeTime, useNow } from '../../components/time-ago';
import { readSchedule, timeZoneChoices, toggled, upcomingRuns, type ScheduleKind, type ScheduleValues } from './schedule-values';
import './schedule-editor.css';

const KINDS: Array<{ value: ScheduleKind; label: string }> = [
  { value: 'manual', label: 'Only when I click Run now' },
  { value: 'every', label: 'Every N minutes, hours, days or weeks' },
  { value: 'weekly', label: 'On days of the week, at a time' },
  { value: 'monthly', label: 'On dates of the month, at a time' },
  { value: 'cron', label: 'Cron expression' },
  { value: 'once', label: 'Once, at a date and time' },
];
/** Only offered to a sync that already has it: every N minutes on the clock, from before the editor had kinds. */
const INTERVAL = { value: 'interval' as const, label: 'Every N minutes, on the clock' };

const UNITS: Array<{ value: RepeatUnit; one: string; many: string }> = [
  { value: 'minutes', one: 'minute', many: 'minutes' },
  { value: 'hours', one: 'hour', many: 'hours' },
  { value: 'days', one: 'day', many: 'days' },
  { value: 'weeks', one: 'week', many: 'weeks' },
];

// Monday first, as calendars here print them; 0 is Sunday in the schedule.
const DAYS = [
  { value: 1, short: 'Mon', long: 'Monday' },
  { value: 2, short: 'Tue', long: 'Tuesday' },
  { value: 3, short: 'Wed', long: 'Wednesday' },
  { value: 4, short: 'Thu', long: 'Thursday' },
  { value: 5, short: 'Fri', long: 'Friday' },
  { value: 6, short: 'Sat', long: 'Saturday' },
  { value: 0, short: 'Sun', long: 'Sunday' },
];
const DATES = Array.from({ length: 31 }, (_, i) => i + 1);
const ZONES_LIST = 'schedule-time-zones';

function Chip(props: { label: string; title?: string; checked: boolean; onChange: () => void; wide?: boolean }) {
  return (
    <label className={`schedule-chip${props.checked ? ' schedule-chip-on' : ''}${props.wide ? ' schedule-chip-wide' : ''}`} title={props.title}>
      <input type="checkbox" checked={props.checked} onChange={props.onChange} aria-label={props.title ?? props.label} />
      {props.label}
    </label>
  );
}

/** The next runs as the user edits: five, in the schedule's zone, or why there are none. */
function NextRuns(props: { values: ScheduleValues; paused: boolean }) {
  const now = useNow();
  const reading = readSchedule(props.values);
  let body: React.JSX.Element;
  if (!reading.schedule) body = <p className="muted">Fix the schedule to see when it runs.</p>;
  else if (reading.schedule.kind === 'manual') body = <p className="muted">Runs only when you click Run now (or with floe run).</p>;
  else {
    const runs = upcomingRuns(reading.schedule, new Date(now), 5);
    body = runs.length ? (
      <ol className="schedule-runs" aria-label="Next run times">
        {runs.map((run) => (
          <li key={run.at.getTime()}>
            <span className="schedule-run-time">{run.text}</span>
            <span className="muted small">{relativeTime(run.at, now)}</span>
          </li>
        ))}
      </ol>
    ) : (
      <p className="muted">That time has passed: this schedule has no more runs.</p>
    );
  }
  return (
    <section className="schedule-preview" aria-label="Next runs" aria-live="polite">
      <h3>Next runs</h3>
      {body}
      {props.paused && reading.schedule && reading.schedule.kind !== 'manual' && (
        <p className="schedule-paused">Saved paused (Enabled unticked): none of these run until you resume it.</p>
      )}
    </section>
  );
}

function TimeZoneField(props: { value: string; error?: string; onChange: (timezone: string) => void }) {
  const zones = useMemo(() => timeZoneChoices(), []);
  const local = localTimeZone();
  const preferred = preferredTimeZone();
  const value = props.value.trim();
  return (
    <Field
      id="schedule-timezone"
      label="Time zone"
      error={props.error}
      hint={
        <>
          {value === preferred && preferred !== local
            ? 'Your default time zone (Settings). '
            : value === local
              ? 'This computer’s time zone. '
              : ''}
          Type to search, e.g. Berlin or New_York.
          {value !== preferred && preferred !== local && (
            <>
              {' '}
              <button type="button" className="button-link" onClick={() => props.onChange(preferred)}>
                Use your default ({preferred})
              </button>
            </>
          )}
          {value !== local && (
            <>
              {' '}
              <button type="button" className="button-link" onClick={() => props.onChange(local)}>
                Use this computer’s ({local})
              </button>
            </>
          )}
        </>
      }
    >
      <input
        id="schedule-timezone"
        className="input schedule-medium"
        list={ZONES_LIST}
        value={props.value}
        autoComplete="off"
        spellCheck={false}
        onChange={(e) => props.onChange(e.target.value)}
        {...describedBy('schedule-timezone', { hint: true, error: props.error })}
      />
      <datalist id={ZONES_LIST}>
        {zones.map((zone) => (
          <option key={zone} value={zone} />
        ))}
      </datalist>
    </Field>
  );
}

/** A time of day input (24-hour), shared by the weekly and monthly kinds. */
function AtField(props: { value: string; error?: string; onChange: (at: string) => void }) {
  return (
    <Field id="schedule-at" label="At" error={props.error}>
      <input
        id="schedule-at"
        type="time"
        className="input schedule-narrow"
        value={props.value}
        onChange={(e) => props.onChange(e.target.value)}
        {...describedBy('schedule-at', { error: props.error })}
      />
    </Field>
  );
}

function KindFields(props: { values: ScheduleValues; errors: Partial<Record<keyof ScheduleValues, string>>; onChange: (values: Partial<ScheduleValues>) => void }) {
  const { values: v, errors, onChange } = props;
  switch (v.kind) {
    case 'manual':
      return null;
    case 'interval':
      return (
        <Field id="schedule-minutes" label="Every (minutes)" error={errors.minutes} hint="On the clock: every 15 runs at :00, :15, :30 and :45.">
          <input
            id="schedule-minutes"
            className="input schedule-narrow"
            inputMode="numeric"
            value={v.minutes}
            onChange={(e) => onChange({ minutes: e.target.value })}
            {...describedBy('schedule-minutes', { hint: true, error: errors.minutes })}
          />
        </Field>
      );
    case 'every': {
      const many = v.every.trim() !== '1';
      return (
        <>
          <div className="schedule-inline">
            <Field id="schedule-every" label="Every" error={errors.every}>
              <input
                id="schedule-every"
                className="input schedule-number"
                inputMode="numeric"
                value={v.every}
                onChange={(e) => onChange({ every: e.target.value })}
                {...describedBy('schedule-every', { error: errors.every })}
              />
            </Field>
            <Field id="schedule-unit" label="Unit">
              <select id="schedule-unit" className="input" value={v.unit} onChange={(e) => onChange({ unit: e.target.value as RepeatUnit })}>
                {UNITS.map((u) => (
                  <option key={u.value} value={u.value}>
                    {many ? u.many : u.one}
                  </option>
                ))}
              </select>
            </Field>
          </div>
          <Field
            id="schedule-start"
            label="Starting"
            error={errors.startAt}
            hint={v.unit === 'days' || v.unit === 'weeks' ? 'Runs at this time of day, on every date the interval lands on.' : 'Runs are counted from this date and time.'}
          >
            <input
              id="schedule-start"
              type="datetime-local"
              className="input schedule-medium"
              value={v.startAt}
              onChange={(e) => onChange({ startAt: e.target.value })}
              {...describedBy('schedule-start', { hint: true, error: errors.startAt })}
            />
          </Field>
        </>
      );
    }
    case 'weekly':
      return (
        <>
          <Field id="schedule-days" label="On" error={errors.days}>
            <div className="schedule-chips" role="group" aria-label="Days of the week" id="schedule-days">
              {DAYS.map((d) => (
                <Chip key={d.value} label={d.short} title={d.long} checked={v.days.includes(d.value)} onChange={() => onChange({ days: toggled(v.days, d.value) })} />
              ))}
            </div>
            <div className="schedule-presets">
              <button type="button" className="button-link" onClick={() => onChange({ days: [1, 2, 3, 4, 5] })}>
                Weekdays
              </button>
              <button type="button" className="button-link" onClick={() => onChange({ days: [0, 1, 2, 3, 4, 5, 6] })}>
                Every day
              </button>
            </div>
          </Field>
          <AtField value={v.at} error={errors.at} onChange={(at) => onChange({ at })} />
        </>
      );
    case 'monthly':
      return (
        <>
          <Field
            id="schedule-dates"
            label="On"
            error={errors.dates}
            hint="A month without the date (the 31st in April) skips it; choose Last day for the end of every month."
          >
            <div className="schedule-chips schedule-dates" role="group" aria-label="Dates of the month" id="schedule-dates">
              {DATES.map((d) => (
                <Chip key={d} label={String(d)} title={`Day ${d}`} checked={v.dates.includes(d)} onChange={() => onChange({ dates: toggled(v.dates, d) })} />
              ))}
              <Chip label="Last day" wide checked={v.dates.includes('last')} onChange={() => onChange({ dates: toggled(v.dates, 'last') })} />
            </div>
          </Field>
          <AtField value={v.at} error={errors.at} onChange={(at) => onChange({ at })} />
        </>
      );
    case 'cron':
      return (
        <Field
          id="schedule-cron"
          label="Cron expression"
          error={errors.expression}
          hint={
            <>
              Five fields: minute hour day-of-month month day-of-week. <code>0 9 * * 1-5</code> is 09:00 on weekdays;{' '}
              <code>*/30 * * * *</code> every half hour.
            </>
          }
        >
          <input
            id="schedule-cron"
            className="input input-mono schedule-medium"
            value={v.expression}
            spellCheck={false}
            autoComplete="off"
            onChange={(e) => onChange({ expression: e.target.value })}
            {...describedBy('schedule-cron', { hint: true, error: errors.expression })}
          />
        </Field>
      );
    case 'once':
      return (
        <Field id="schedule-once" label="On" error={errors.onceAt}>
          <input
            id="schedule-once"
            type="datetime-local"
            className="input schedule-medium"
            value={v.onceAt}
            onChange={(e) => onChange({ onceAt: e.target.value })}
            {...describedBy('schedule-once', { error: errors.onceAt })}
          />
        </Field>
      );
    default: {
      const never: never = v.kind;
      throw new Error(`Unknown schedule kind ${String(never)}`);
    }
  }
}

/**
 * When a sync runs: the kind, its fields, the time zone and what happens to missed runs, with
 * the next five runs beside them. Each problem is shown at its field as the user types, from
 * the same schema core saves with.
 */
export function ScheduleEditor(props: { values: ScheduleValues; offerInterval: boolean; paused: boolean; onChange: (values: Partial<ScheduleValues>) => void }) {
  const { values: v, onChange } = props;
  const reading = readSchedule(v);
  const errors = reading.errors ?? {};
  const kinds = props.offerInterval || v.kind === 'interval' ? [...KINDS.slice(0, 2), INTERVAL, ...KINDS.slice(2)] : KINDS;
  const zoned = v.kind !== 'manual' && v.kind !== 'interval';
  return (
    <div className="schedule-editor">
      <div className="schedule-fields">
        <Field id="schedule-kind" label="Runs" error={errors.kind}>
          <select id="schedule-kind" className="input schedule-medium" value={v.kind} onChange={(e) => onChange({ kind: e.target.value as ScheduleKind })}>
            {kinds.map((k) => (
              <option key={k.value} value={k.value}>
                {k.label}
              </option>
            ))}
          </select>
        </Field>
        <KindFields values={v} errors={errors} onChange={onChange} />
        {zoned && <TimeZoneField value={v.timezone} error={errors.timezone} onChange={(timezone) => onChange({ timezone })} />}
        {v.kind === 'interval' && <p className="field-hint">Times are shown in this computer’s time zone ({localTimeZone()}).</p>}
        {v.kind !== 'manual' && (
          <fieldset className="schedule-missed">
            <legend className="field-label">Missed runs</legend>
            <p className="field-hint">When the computer was asleep or Floe was closed at a scheduled time:</p>
            <label className="checkbox">
              <input type="radio" name="schedule-catch-up" checked={v.catchUp === 'once'} onChange={() => onChange({ catchUp: 'once' })} />
              Run once when Floe is back
            </label>
            <label className="checkbox">
              <input type="radio" name="schedule-catch-up" checked={v.catchUp === 'skip'} onChange={() => onChange({ catchUp: 'skip' })} />
              Skip to the next scheduled time
            </label>
          </fieldset>
        )}
      </div>
      <NextRuns values={v} paused={props.paused} />
    </div>
  );
}
