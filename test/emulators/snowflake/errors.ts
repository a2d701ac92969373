// Snowflake-shaped errors. The driver surfaces `code`, `message`, `sqlState` and `data` from the
// response body, so these are the only things a caller can observe; keep them faithful.

export type SfErrorType = 'COMPILATION' | 'EXECUTION' | 'ACCESS_CONTROL';

export class SnowflakeError extends Error {
  constructor(
    readonly code: string,
    message: string,
    readonly sqlState: string,
    readonly errorType: SfErrorType = 'COMPILATION',
  ) {
    super(message);
    this.name = 'SnowflakeError';
  }
}

export const sfError = {
  objectNotFound: (name: string, kind = 'Object'): SnowflakeError =>
    new SnowflakeError(
      '002003',
      `SQL compilation error:\n${kind} '${name}' does not exist or not authorized.`,
      kind === 'Object' || kind === 'Table' || kind === 'View' ? '42S02' : '02000',
    ),
  alreadyExists: (name: string, kind = 'Object'): SnowflakeError =>
    new SnowflakeError('002002', `SQL compilation error:\n${kind} '${name}' already exists.`, '42710'),
  cannotPerform: (): SnowflakeError =>
    new SnowflakeError(
      '002043',
      'SQL compilation error:\nObject does not exist, or operation cannot be performed.',
      '02000',
    ),
  syntax: (detail: string): SnowflakeError =>
    new SnowflakeError('001003', `SQL compilation error:\n${detail}`, '42000'),
  invalidIdentifier: (name: string): SnowflakeError =>
    new SnowflakeError('000904', `SQL compilation error: error line 1 at position 7\ninvalid identifier '${name}'`, '42000'),
  unknownFunction: (name: string): SnowflakeError =>
    new SnowflakeError('002140', `SQL compilation error:\nUnknown function ${name}`, '42601'),
  unsupported: (construct: string): SnowflakeError =>
    new SnowflakeError(
      '000002',
      `SQL compilation error:\nUnsupported feature '${construct}' (not emulated by the Floe Snowflake emulator).`,
      '0A000',
    ),
  insufficientPrivileges: (kind: string, name: string): SnowflakeError =>
    new SnowflakeError(
      '003001',
      `SQL access control error:\nInsufficient privileges to operate on ${kind} '${name}'`,
      '42501',
      'ACCESS_CONTROL',
    ),
  noWarehouse: (): SnowflakeError =>
    new SnowflakeError(
      '000606',
      "No active warehouse selected in the current session.  Select an active warehouse with the 'use warehouse' command.\n",
      '57P03',
      'EXECUTION',
    ),
  noDatabase: (): SnowflakeError =>
    new SnowflakeError(
      '090105',
      "Cannot perform SELECT. This session does not have a current database. Call 'USE DATABASE', or use a qualified name.",
      '22000',
      'EXECUTION',
    ),
  canceled: (): SnowflakeError => new SnowflakeError('000604', 'SQL execution canceled', '57014', 'EXECUTION'),
  numericNotRecognized: (value: string): SnowflakeError =>
    new SnowflakeError('100038', `Numeric value '${value}' is not recognized`, '22018', 'EXECUTION'),
  timestampNotRecognized: (value: string): SnowflakeError =>
    new SnowflakeError('100035', `Timestamp '${value}' is not recognized`, '22007', 'EXECUTION'),
  nullInNotNull: (column: string): SnowflakeError =>
    new SnowflakeError('100072', `NULL result in a non-nullable column '${column}'`, '22000', 'EXECUTION'),
  statementCount: (actual: number, desired: number): SnowflakeError =>
    new SnowflakeError(
      '000008',
      `Actual statement count ${actual} did not match the desired statement count ${desired}.`,
      '0A000',
    ),
  internal: (detail: string): SnowflakeError =>
    new SnowflakeError('100132', `Execution error in the emulator: ${detail}`, 'P0000', 'EXECUTION'),
};

// Maps a DuckDB exception message to the closest Snowflake error. Unknown messages become a
// generic execution error that still names the DuckDB complaint, so nothing is swallowed.
export function mapDuckDbError(message: string): SnowflakeError {
  const m = message.replace(/\n+LINE \d+:[\s\S]*$/, '').trim();
  let r: RegExpMatchArray | null;
  if ((r = m.match(/Table with name "?([^"!\s]+)"? does not exist/i))) return sfError.objectNotFound(r[1]!.toUpperCase());
  if ((r = m.match(/(?:Schema|Catalog) with name "?([^"!\s]+)"? does not exist/i)))
    return sfError.objectNotFound(r[1]!.toUpperCase(), 'Schema');
  if ((r = m.match(/(?:Scalar|Aggregate|Table) Function with name "?([^"!\s]+)"? does not exist/i)))
    return sfError.unknownFunction(r[1]!.toUpperCase());
  if ((r = m.match(/Referenced column "?([^"\s]+)"? not found/i))) return sfError.invalidIdentifier(r[1]!);
  if ((r = m.match(/Table with name "?([^"\s]+)"? already exists/i)) || (r = m.match(/"?([^"\s]+)"? already exists/i)))
    return sfError.alreadyExists(r[1]!.toUpperCase());
  if (/^Parser Error/i.test(m)) return sfError.syntax(`syntax error line 1 at position 0 unexpected input (${m.replace(/^Parser Error:\s*/i, '')}).`);
  if ((r = m.match(/NOT NULL constraint failed: ([^\s]+)/i))) return sfError.nullInNotNull(r[1]!);
  if ((r = m.match(/Could not convert string '([^']*)' to (?:INT|DECIMAL|DOUBLE|FLOAT|BIGINT|HUGEINT)/i)))
    return sfError.numericNotRecognized(r[1]!);
  if ((r = m.match(/Conversion Error:.*'([^']*)'.*(?:timestamp|date)/i))) return sfError.timestampNotRecognized(r[1]!);
  if (/INTERRUPT/i.test(m)) return sfError.canceled();
  if (/^Binder Error/i.test(m)) return new SnowflakeError('002262', `SQL compilation error:\n${m.replace(/^Binder Error:\s*/i, '')}`, '42000');
  if (/^Conversion Error/i.test(m)) return new SnowflakeError('100038', m.replace(/^Conversion Error:\s*/i, ''), '22018', 'EXECUTION');
  if (/^Catalog Error/i.test(m)) return new SnowflakeError('002003', `SQL compilation error:\n${m.replace(/^Catalog Error:\s*/i, '')}`, '42S02');
  return new SnowflakeError('100132', `Execution error: ${m}`, 'P0000', 'EXECUTION');
}

export function toSnowflakeError(e: unknown): SnowflakeError {
  if (e instanceof SnowflakeError) return e;
  return mapDuckDbError(e instanceof Error ? e.message : String(e));
}
