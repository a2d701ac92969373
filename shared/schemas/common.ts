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

/**
 * A Snowflake object name Floe may write into SQL (a user, role, warehouse, database, schema,
 * table) is on one line, since the setup script an admin runs puts names in `--` comments too.
 */
// eslint-disable-next-line no-control-regex
export const ONE_LINE = /^[^\u0000-\u001f\u007f-\u009f\u2028\u2029]*$/;
export const ONE_LINE_MESSAGE = 'Type the name on one line: a Snowflake name Floe writes into SQL cannot hold a line break, tab or other control character.';
