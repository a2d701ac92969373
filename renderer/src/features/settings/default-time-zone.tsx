import { useMemo, useState } from 'react';
import { isTimeZone, localTimeZone } from '../../../../shared/schedule';
import type { Preferences } from '../../../../shared/schemas';
import { describedBy } from '../../components/field';
import { timeZoneChoices } from '../syncs/schedule-values';
import { useSettings } from './settings-store';

const UNKNOWN = 'Unknown time zone: use an IANA name such as Europe/Berlin or America/New_York.';
const ZONES_LIST = 'pref-time-zones';

/**
 * The zone a new sync's schedule starts in. Empty in core (null) follows this computer, so a
 * laptop that travels keeps meaning "here"; a chosen zone stays put. Each sync can still pick its own.
 */
export function DefaultTimeZone(props: { preferences: Preferences }) {
  const { savePreferences, savedKey } = useSettings();
  const zones = useMemo(() => timeZoneChoices(), []);
  const local = localTimeZone();
  const saved = props.preferences.defaultTimeZone;
  const [text, setText] = useState<string | null>(null);
  const [tried, setTried] = useState(false);
  const shown = text ?? saved ?? local;
  const error = tried && !isTimeZone(shown.trim()) ? UNKNOWN : null;

  const save = async () => {
    setTried(true);
    const zone = shown.trim();
    if (!zone || !isTimeZone(zone)) return;
    if (zone !== (saved ?? local)) await savePreferences({ defaultTimeZone: zone });
    setText(null);
    setTried(false);
  };

  return (
    <div className={error ? 'preference field-invalid' : 'preference'}>
      <div className="preference-row preference-field">
        <label className="field-label" htmlFor="pref-timezone">
          Default time zone
        </label>
        <input
          id="pref-timezone"
          className="input preference-zone"
          list={ZONES_LIST}
          value={shown}
          autoComplete="off"
          spellCheck={false}
          onChange={(e) => {
            setText(e.target.value);
            setTried(false);
          }}
          onBlur={() => void save()}
          onKeyDown={(e) => e.key === 'Enter' && void save()}
          {...describedBy('pref-timezone', { hint: true, error })}
        />
        <datalist id={ZONES_LIST}>
          {zones.map((zone) => (
            <option key={zone} value={zone} />
          ))}
        </datalist>
        {savedKey === 'defaultTimeZone' && (
          <span className="preference-saved" role="status">
            Saved
          </span>
        )}
      </div>
      <p className="field-hint" id="pref-timezone-hint">
        {saved === null ? (
          <>New syncs’ schedules start in this computer’s time zone ({local}). Type to search for another, e.g. Berlin or New_York.</>
        ) : (
          <>
            New syncs’ schedules start in {saved}; each sync can still choose its own.{' '}
            <button
              type="button"
              className="button-link"
              onClick={() => {
                setText(null);
                setTried(false);
                void savePreferences({ defaultTimeZone: null });
              }}
            >
              Use this computer’s ({local})
            </button>
          </>
        )}
      </p>
      {error && (
        <p className="field-error" id="pref-timezone-error" role="alert">
          {error}
        </p>
      )}
    </div>
  );
}
