import { FloeError } from '../../errors';

/** Turns SQLite's UNIQUE and FOREIGN KEY failures into something a person can act on. */
export function constraintError(error: unknown, what: string, name: string): unknown {
  const code = (error as { code?: string }).code;
  if (code === 'SQLITE_CONSTRAINT_UNIQUE') {
    return new FloeError(
      'name_taken',
      `A ${what} called "${name}" already exists.`,
      `Choose another name, or edit the existing ${what}.`,
      { cause: error },
    );
  }
  // ON DELETE RESTRICT reports as a trigger failure; a deferred check as FOREIGNKEY.
  if (code === 'SQLITE_CONSTRAINT_FOREIGNKEY' || (code === 'SQLITE_CONSTRAINT_TRIGGER' && /FOREIGN KEY/.test(String(error)))) {
    return new FloeError(
      'in_use',
      `This ${what} is still in use${what === 'key pair' ? ' by a connection' : ' by a sync'}.`,
      `Change or delete what uses it first.`,
      { cause: error },
    );
  }
  return error;
}
