import { DuckDBTypeId, type DuckDBType } from '@duckdb/node-api';

// How one result column is described to the driver (rowtype) and how DuckDB itself renders its
// values into the strings the driver expects (§4.1 of the wire spec). Encoding happens in SQL so
// that million-row results never pass through per-value JavaScript.

export interface RowType {
  name: string;
  type: string;
  nullable: boolean;
  scale: number | null;
  precision: number | null;
  length: number | null;
  byteLength: number | null;
  database: string;
  schema: string;
  table: string;
  collation: null;
}

export interface ColumnKind {
  sfType: string;
  precision: number | null;
  scale: number | null;
  length: number | null;
  encode: (col: string) => string;
}

export interface TypeDescriptor {
  typeId: DuckDBTypeId;
  alias?: string | undefined;
  width?: number;
  scale?: number;
}

export function describeType(t: DuckDBType): TypeDescriptor {
  const d: TypeDescriptor = { typeId: t.typeId, alias: t.alias };
  if (t.typeId === DuckDBTypeId.DECIMAL) {
    const dec = t as unknown as { width: number; scale: number };
    d.width = dec.width;
    d.scale = dec.scale;
  }
  return d;
}

const asText = (col: string): string => `CAST(${col} AS VARCHAR)`;
// Epoch microseconds → "secs.fraction9", floor-divided so instants before 1970 stay correct.
const epochUsToSf = (us: string): string =>
  `printf('%d.%06d000', (${us} - (((${us}) % 1000000 + 1000000) % 1000000)) // 1000000, (((${us}) % 1000000 + 1000000) % 1000000))`;

const fixed = (precision: number, scale: number): ColumnKind => ({
  sfType: 'fixed',
  precision,
  scale,
  length: null,
  encode: asText,
});

export function columnKind(t: TypeDescriptor): ColumnKind {
  if (t.alias?.toUpperCase() === 'JSON') return { sfType: 'variant', precision: null, scale: null, length: null, encode: asText };
  switch (t.typeId) {
    case DuckDBTypeId.BOOLEAN:
      return { sfType: 'boolean', precision: null, scale: null, length: null, encode: (c) => `CASE WHEN ${c} THEN '1' WHEN NOT ${c} THEN '0' END` };
    case DuckDBTypeId.TINYINT:
    case DuckDBTypeId.SMALLINT:
    case DuckDBTypeId.INTEGER:
    case DuckDBTypeId.BIGINT:
    case DuckDBTypeId.UTINYINT:
    case DuckDBTypeId.USMALLINT:
    case DuckDBTypeId.UINTEGER:
    case DuckDBTypeId.UBIGINT:
    case DuckDBTypeId.HUGEINT:
    case DuckDBTypeId.UHUGEINT:
    case DuckDBTypeId.BIGNUM:
      return fixed(38, 0);
    case DuckDBTypeId.DECIMAL:
      return fixed(t.width ?? 38, t.scale ?? 0);
    case DuckDBTypeId.FLOAT:
    case DuckDBTypeId.DOUBLE:
      return {
        sfType: 'real',
        precision: null,
        scale: null,
        length: null,
        encode: (c) =>
          `CASE WHEN isnan(${c}) THEN 'NaN' WHEN isinf(${c}) AND ${c} > 0 THEN 'Infinity' WHEN isinf(${c}) THEN '-Infinity' ELSE CAST(CAST(${c} AS DOUBLE) AS VARCHAR) END`,
      };
    case DuckDBTypeId.DATE:
      return { sfType: 'date', precision: null, scale: null, length: null, encode: (c) => `CAST((${c} - DATE '1970-01-01') AS VARCHAR)` };
    case DuckDBTypeId.TIME:
    case DuckDBTypeId.TIME_NS:
      return {
        sfType: 'time',
        precision: 0,
        scale: 9,
        length: null,
        encode: (c) => `printf('%d.%06d000', epoch_us(CAST(${c} AS TIME)) // 1000000, epoch_us(CAST(${c} AS TIME)) % 1000000)`,
      };
    case DuckDBTypeId.TIMESTAMP:
    case DuckDBTypeId.TIMESTAMP_S:
    case DuckDBTypeId.TIMESTAMP_MS:
    case DuckDBTypeId.TIMESTAMP_NS:
      return { sfType: 'timestamp_ntz', precision: 0, scale: 9, length: null, encode: (c) => epochUsToSf(`epoch_us(CAST(${c} AS TIMESTAMP))`) };
    case DuckDBTypeId.TIMESTAMP_TZ:
      return { sfType: 'timestamp_ltz', precision: 0, scale: 9, length: null, encode: (c) => epochUsToSf(`epoch_us(${c})`) };
    case DuckDBTypeId.BLOB:
      return { sfType: 'binary', precision: null, scale: null, length: 8388608, encode: (c) => `upper(hex(${c}))` };
    case DuckDBTypeId.LIST:
    case DuckDBTypeId.ARRAY:
      return { sfType: 'array', precision: null, scale: null, length: null, encode: (c) => `CAST(to_json(${c}) AS VARCHAR)` };
    case DuckDBTypeId.STRUCT:
    case DuckDBTypeId.MAP:
      return { sfType: 'object', precision: null, scale: null, length: null, encode: (c) => `CAST(to_json(${c}) AS VARCHAR)` };
    case DuckDBTypeId.VARIANT:
      return { sfType: 'variant', precision: null, scale: null, length: null, encode: (c) => `CAST(to_json(${c}) AS VARCHAR)` };
    default:
      return { sfType: 'text', precision: null, scale: null, length: 16777216, encode: asText };
  }
}

export function buildRowType(name: string, kind: ColumnKind, where: { database: string; schema: string }): RowType {
  return {
    name,
    type: kind.sfType,
    nullable: true,
    scale: kind.scale,
    precision: kind.precision,
    length: kind.length,
    byteLength: kind.length === null ? null : kind.length * (kind.sfType === 'text' ? 4 : 1),
    database: where.database,
    schema: where.schema,
    table: '',
    collation: null,
  };
}

export function textRowType(name: string): RowType {
  return buildRowType(name, columnKind({ typeId: DuckDBTypeId.VARCHAR }), { database: '', schema: '' });
}

export function fixedRowType(name: string): RowType {
  return buildRowType(name, fixed(19, 0), { database: '', schema: '' });
}

// Wraps a DuckDB query so that each output row is one JSON array of Snowflake-encoded strings.
// Columns are renamed positionally first: Snowflake allows duplicate output names, SQL subqueries don't.
export function encodeRowsSql(innerSql: string, kinds: readonly ColumnKind[]): string {
  const aliases = kinds.map((_, i) => `c${i}`);
  const parts = kinds.map((k, i) => `${k.encode(`_q.c${i}`)}`);
  return `SELECT CAST(to_json([${parts.join(', ')}]::VARCHAR[]) AS VARCHAR) AS j FROM (${innerSql}) AS _q(${aliases.join(', ')})`;
}
