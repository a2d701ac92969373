import { useState } from 'react';
import type { AppInfo, Preferences } from '../../../../shared/schemas';
import { describedBy } from '../../components/field';
import { DefaultTimeZone } from './default-time-zone';
import { useSettings } from './settings-store';

/** A threshold as typed: a number from 0 to 100, or why not. */
export function readThreshold(text: string): { value: number; error: null } | { value: null; error: string } {
  const value = Number(text.trim().replace(',', '.'));
  if (text.trim() === '' || !Number.isFinite(value) || value < 0 || value > 100) return { value: null, error: 'Enter a percentage from 0 to 100.' };
  return { value, error: null };
}

function Saved(props: { show: boolean }) {
  return props.show ? (
    <span className="preference-saved" role="status">
      Saved
    </span>
  ) : null;
}

function Toggle(props: { id: keyof Preferences; label: string; hint?: string; preferences: Preferences; disabled?: boolean }) {
  const { savePreferences, savedKey } = useSettings();
  const checked = props.preferences[props.id] as boolean;
  return (
    <div className="preference">
      <div className="preference-row">
        <label className="checkbox">
          <input
            type="checkbox"
            checked={checked}
            disabled={props.disabled}
            onChange={(e) => void savePreferences({ [props.id]: e.target.checked })}
            aria-describedby={props.hint ? `pref-${props.id}-hint` : undefined}
          />
          {props.label}
        </label>
        <Saved show={savedKey === props.id} />
      </div>
      {props.hint && (
        <p className="field-hint preference-hint" id={`pref-${props.id}-hint`}>
          {props.hint}
        </p>
      )}
    </div>
  );
}

function RejectedThreshold(props: { preferences: Preferences }) {
  const { savePreferences, savedKey } = useSettings();
  const saved = String(props.preferences.rejectedThresholdPercent);
  const [text, setText] = useState(saved);
  const [typing, setTyping] = useState(false);
  const shown = typing ? text : saved;
  const reading = readThreshold(shown);
  const save = async () => {
    setTyping(false);
    if (reading.value !== null && reading.value !== props.preferences.rejectedThresholdPercent) await savePreferences({ rejectedThresholdPercent: reading.value });
    if (reading.value === null) setTyping(true);
  };
  return (
    <div className={reading.error ? 'preference field-invalid' : 'preference'}>
      <div className="preference-row">
        <label className="preference-threshold" htmlFor="pref-threshold">
          Notify when a run rejects more than
          <input
            id="pref-threshold"
            className="input preference-percent"
            inputMode="decimal"
            value={shown}
            onChange={(e) => {
              setTyping(true);
              setText(e.target.value);
            }}
            onBlur={() => void save()}
            onKeyDown={(e) => e.key === 'Enter' && void save()}
            {...describedBy('pref-threshold', { hint: true, error: reading.error })}
          />
          % of the rows it read
        </label>
        <Saved show={savedKey === 'rejectedThresholdPercent'} />
      </div>
      <p className="field-hint preference-hint" id="pref-threshold-hint">
        Applies when “A run rejects rows” is on. 0 notifies on any rejected row.
      </p>
      {reading.error && (
        <p className="field-error preference-hint" id="pref-threshold-error" role="alert">
          {reading.error}
        </p>
      )}
    </div>
  );
}

/** Settings' preferences: which events notify, how the desktop app starts, and where new schedules start. */
export function PreferencesCards(props: { preferences: Preferences; info: AppInfo | null }) {
  const p = props.preferences;
  const headless = props.info?.mode === 'headless';
  return (
    <>
      <section className="card" aria-label="Notifications">
        <h2>Notifications</h2>
        <p className="muted">
          Floe lists these under Notifications{headless ? '' : ' and shows a system notification'}. It tells you once when
          something changes, not on every run.
        </p>
        <Toggle id="notifyOnFailure" label="A sync fails" hint="The first failed run of a sync that was working." preferences={p} />
        <Toggle id="notifyOnRecovery" label="A failing sync recovers" hint="The first run that works again after failures." preferences={p} />
        <Toggle id="notifyOnRejected" label="A run rejects rows" hint="More rows rejected than the share below." preferences={p} />
        <RejectedThreshold key={p.rejectedThresholdPercent} preferences={p} />
      </section>
      <section className="card" aria-label="Desktop app">
        <h2>Desktop app</h2>
        <Toggle
          id="startAtLogin"
          label="Start Floe when I log in"
          hint="Floe starts in the tray, so scheduled syncs run without opening its window."
          preferences={p}
          disabled={headless}
        />
        {headless && (
          <p className="notice notice-info preference-note">
            Only the desktop app can start at login. This is the headless host (<code>floe serve</code>): to keep it running,
            start it from your system’s service manager, such as a systemd user service or a login item.
          </p>
        )}
      </section>
      <section className="card" aria-label="Schedules">
        <h2>Schedules</h2>
        <DefaultTimeZone preferences={p} />
      </section>
    </>
  );
}
