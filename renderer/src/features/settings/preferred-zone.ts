import { localTimeZone } from '../../../../shared/schedule';

let preferred: string | null = null;

/** Settings' default time zone as last read from core (null follows this computer's zone). */
export function setPreferredTimeZone(zone: string | null): void {
  preferred = zone;
}

/** The zone a new schedule starts in: the default time zone from Settings, else this computer's. */
export function preferredTimeZone(): string {
  return preferred ?? localTimeZone();
}
