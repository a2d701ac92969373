import { z } from 'zod';

/** Identifiers are UUIDs minted by core; the renderer only ever echoes them back. */
export const Id = z.string().uuid();

/** A name a person types: trimmed, not empty, short enough to show in a list. */
export const DisplayName = z
  .string()
  .trim()
  .min(1, 'Give it a name.')
  .max(100, 'Keep the name under 100 characters.');

/** ISO-8601 timestamps in UTC, as stored in SQLite and shown in the UI. */
export const Timestamp = z.string().datetime({ offset: true });
