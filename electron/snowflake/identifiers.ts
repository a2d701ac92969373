// Snowflake's reserved keywords: as unquoted identifiers they are syntax errors.
const RESERVED = new Set(
  `ALL ALTER AND ANY AS BETWEEN BY CASE CAST CHECK COLUMN CONNECT CONNECTION CONSTRAINT CREATE CROSS CURRENT
  CURRENT_DATE CURRENT_TIME CURRENT_TIMESTAMP CURRENT_USER DATABASE DELETE DISTINCT DROP ELSE EXISTS FALSE
  FOLLOWING FOR FROM FULL GRANT GROUP GSCLUSTER HAVING ILIKE IN INCREMENT INNER INSERT INTERSECT INTO IS ISSUE
  JOIN LATERAL LEFT LIKE LOCALTIME LOCALTIMESTAMP MINUS NATURAL NOT NULL OF ON OR ORDER ORGANIZATION QUALIFY
  REGEXP REVOKE RIGHT RLIKE ROW ROWS SAMPLE SCHEMA SELECT SET SOME START TABLE TABLESAMPLE THEN TO TRIGGER
  TRUE TRY_CAST UNION UNIQUE UPDATE USING VALUES VIEW WHEN WHENEVER WHERE WITH`.split(/\s+/),
);

const SIMPLE = /^[A-Za-z_][A-Za-z0-9_$]*$/;
const QUOTED = /^"((?:[^"]|"")+)"$/;

// eslint-disable-next-line no-control-regex
const CONTROL = /[\u0000-\u001f\u007f-\u009f\u2028\u2029]/;

export class IdentifierError extends Error {}

/**
 * An object name as it must appear in SQL. Names typed plainly follow Snowflake's rule for
 * unquoted identifiers (case-insensitive, stored upper case) and are written upper case; a name
 * the user wrapped in double quotes is kept exactly; anything else (spaces, hyphens, reserved
 * words) is quoted so it means what was typed.
 */
export function sqlIdentifier(name: string): string {
  const trimmed = name.trim();
  if (!trimmed) throw new IdentifierError('An object name is empty.');
  if (trimmed.length > 255) throw new IdentifierError(`"${trimmed.slice(0, 40)}…" is longer than Snowflake's 255-character limit.`);
  // Names go into scripts an admin runs, some inside `--` comments a line break would end.
  if (CONTROL.test(trimmed)) throw new IdentifierError(`${JSON.stringify(trimmed.slice(0, 40))} has a line break, tab or other control character, which Floe does not write into SQL: type the name on one line.`);
  if (QUOTED.test(trimmed)) return trimmed;
  if (SIMPLE.test(trimmed) && !RESERVED.has(trimmed.toUpperCase())) return trimmed.toUpperCase();
  if (RESERVED.has(trimmed.toUpperCase())) return `"${trimmed.toUpperCase()}"`;
  return `"${trimmed.replace(/"/g, '""')}"`;
}

/** The name Snowflake stores for an identifier: what CURRENT_ROLE() and SHOW return. */
export function storedName(name: string): string {
  const sql = sqlIdentifier(name);
  const quoted = QUOTED.exec(sql);
  return quoted ? quoted[1]!.replace(/""/g, '"') : sql;
}

/** A single-quoted SQL string literal. */
export function sqlString(value: string): string {
  return `'${value.replace(/\\/g, '\\\\').replace(/'/g, "''")}'`;
}
