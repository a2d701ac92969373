import type { Migration } from './types';

/**
 * Key pairs Floe generated or imported (public half and fingerprint only; the private key is in
 * the keychain), and what a connection needs to sign in with one and to check its grants.
 */
export const keysAndConnectionObjects: Migration = {
  version: 2,
  name: 'keys-and-connection-objects',
  up: `
    CREATE TABLE keys (
      id          TEXT PRIMARY KEY,
      name        TEXT NOT NULL UNIQUE COLLATE NOCASE,
      public_key  TEXT NOT NULL,
      fingerprint TEXT NOT NULL,
      encrypted   INTEGER NOT NULL DEFAULT 0 CHECK (encrypted IN (0, 1)),
      created_at  TEXT NOT NULL
    );

    ALTER TABLE connections ADD COLUMN key_id TEXT REFERENCES keys(id) ON DELETE RESTRICT;
    -- Which RSA_PUBLIC_KEY slot (1 or 2) the current key is in, so rotation uses the other one.
    ALTER TABLE connections ADD COLUMN key_slot INTEGER NOT NULL DEFAULT 1 CHECK (key_slot IN (1, 2));
    -- A rotation in progress: the new key, in the other slot, until a test passes with it.
    ALTER TABLE connections ADD COLUMN pending_key_id TEXT REFERENCES keys(id) ON DELETE RESTRICT;
    -- The tables and views the connection test checks: {"kind":"all"} or {"kind":"list",…}.
    ALTER TABLE connections ADD COLUMN objects_json TEXT NOT NULL DEFAULT '{"kind":"all"}';
  `,
};
