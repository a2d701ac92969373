import type * as SnowflakeSdk from 'snowflake-sdk';
import type { Connection, ConnectionOptions } from 'snowflake-sdk';

type Snowflake = typeof SnowflakeSdk;
let driver: Promise<Snowflake> | undefined;

/**
 * The driver, loaded on first use: it is large, and a process that never talks to Snowflake
 * (the UI's main thread while runs happen in workers) should not carry it. Its own logger would
 * write a snowflake.log into the working directory; Floe turns it off (errors reach the user as
 * values, through Floe's own log).
 */
function loadDriver(): Promise<Snowflake> {
  driver ??= import('snowflake-sdk').then((module) => {
    // CommonJS seen through import(): the module object itself under some loaders, .default under others.
    const snowflake = ((module as { default?: unknown }).default ?? module) as Snowflake;
    process.env.SNOWFLAKE_DISABLE_PLATFORM_DETECTION ??= 'true';
    snowflake.configure({ logLevel: 'OFF', additionalLogToConsole: false });
    return snowflake;
  });
  return driver;
}

export type DriverOptions = ConnectionOptions;

/** A driver error as Floe reads it: Snowflake's code (e.g. "390100") or the driver's own. */
export interface DriverError {
  code: string | null;
  sqlState: string | null;
  message: string;
  network: boolean;
}

export function readDriverError(error: unknown): DriverError {
  const e = (error ?? {}) as { code?: unknown; sqlState?: unknown; message?: unknown; cause?: { code?: unknown } };
  const code = e.code === undefined || e.code === null ? null : String(e.code);
  const nodeCode = typeof e.cause?.code === 'string' ? e.cause.code : null;
  const message = typeof e.message === 'string' ? e.message : String(error);
  const network =
    code === '401001' ||
    code === '402001' ||
    (nodeCode !== null && /^(ECONNREFUSED|ENOTFOUND|EAI_AGAIN|ECONNRESET|ETIMEDOUT|EHOSTUNREACH)$/.test(nodeCode)) ||
    /ECONNREFUSED|ENOTFOUND|EAI_AGAIN|getaddrinfo|socket hang up|Network error/i.test(message);
  return { code, sqlState: typeof e.sqlState === 'string' ? e.sqlState : null, message, network };
}

/** Opens a session; rejects on failure (the driver's error, unchanged, for readDriverError). */
export async function connect(options: DriverOptions): Promise<Connection> {
  const snowflake = await loadDriver();
  // Numbers are fetched as text (exact digits); without this the driver hands a NULL over as the
  // string "NULL" whenever a type is fetched as text.
  const connection = snowflake.createConnection({ application: 'Floe', representNullAsStringNull: false, ...options });
  await new Promise<void>((resolve, reject) => connection.connect((error) => (error ? reject(error) : resolve())));
  return connection;
}

export function query<T = Record<string, unknown>>(connection: Connection, sqlText: string, binds: unknown[] = []): Promise<T[]> {
  return new Promise((resolve, reject) => {
    connection.execute({
      sqlText,
      binds: binds as never,
      complete: (error, _statement, rows) => (error ? reject(error) : resolve((rows ?? []) as T[])),
    });
  });
}

/** Ends the session; never throws, since it runs on paths that are already failing. */
export function disconnect(connection: Connection): Promise<void> {
  return new Promise((resolve) => {
    if (!connection.isUp()) return resolve();
    connection.destroy(() => resolve());
  });
}
