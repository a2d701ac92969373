import { afterEach, describe, expect, it } from 'vitest';
import { localTimeZone } from '../../../shared/schedule';
import { preferredTimeZone, setPreferredTimeZone } from '../../../renderer/src/features/settings/preferred-zone';
import { defaultScheduleValues, scheduleValues } from '../../../renderer/src/features/syncs/schedule-values';

afterEach(() => setPreferredTimeZone(null));

describe('the zone a new schedule starts in', () => {
  it('is this computer’s until Settings has a default time zone', () => {
    expect(preferredTimeZone()).toBe(localTimeZone());
    expect(defaultScheduleValues().timezone).toBe(localTimeZone());
  });

  it('is the default time zone from Settings, for a new sync and for one that had no zone (manual)', () => {
    setPreferredTimeZone('Asia/Tokyo');
    expect(defaultScheduleValues().timezone).toBe('Asia/Tokyo');
    expect(scheduleValues({ kind: 'manual' }).timezone).toBe('Asia/Tokyo');
    // A schedule with its own zone keeps it.
    expect(scheduleValues({ kind: 'weekly', days: [1], at: '09:00', timezone: 'Europe/Berlin', catchUp: 'once' }).timezone).toBe('Europe/Berlin');
  });
});
