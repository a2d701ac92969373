import fs from 'node:fs';
import path from 'node:path';

type Level = 'debug' | 'info' | 'warn' | 'error';
type Fields = Record<string, string | number | boolean | null | undefined>;

export interface Logger {
  debug(event: string, fields?: Fields): void;
  info(event: string, fields?: Fields): void;
  warn(event: string, fields?: Fields): void;
  error(event: string, fields?: Fields): void;
}

/**
 * JSON-lines log in the data folder. Callers pass named, flat fields rather than objects, so a
 * secret can only reach the log if someone writes it there by name; nothing is serialised
 * wholesale.
 */
export function createLogger(file: string, options: { echo?: boolean | 'decisions' } = {}): Logger {
  fs.mkdirSync(path.dirname(file), { recursive: true });
  const write = (level: Level, event: string, fields: Fields = {}) => {
    const line = JSON.stringify({ t: new Date().toISOString(), level, event, ...fields });
    try {
      fs.appendFileSync(file, line + '\n', { mode: 0o600 });
    } catch {
      // Logging must never take Floe down (a full disk, a folder removed under it).
    }
    if (options.echo && (level === 'warn' || level === 'error')) process.stderr.write(line + '\n');
    // `floe scheduler` prints each decision it makes (and each run's start and end) as it goes.
    else if (options.echo === 'decisions' && level === 'info' && /^(scheduler|run)\./.test(event)) process.stdout.write(line + '\n');
  };
  return {
    debug: (e, f) => write('debug', e, f),
    info: (e, f) => write('info', e, f),
    warn: (e, f) => write('warn', e, f),
    error: (e, f) => write('error', e, f),
  };
}
