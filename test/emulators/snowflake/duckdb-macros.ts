// DuckDB macros that stand in for Snowflake functions polyglot leaves untranslated, and for
// the pieces of INFORMATION_SCHEMA Floe reads. TEMP macros live per connection and are always
// on the search path, whichever database/schema the session has chosen.

const SF_TYPE_OF = `CASE
  WHEN c.comment LIKE 'sf:%' THEN substr(c.comment, 4)
  WHEN c.data_type IN ('TINYINT','SMALLINT','INTEGER','BIGINT','HUGEINT','UTINYINT','USMALLINT','UINTEGER','UBIGINT') OR c.data_type LIKE 'DECIMAL%' THEN 'NUMBER'
  WHEN c.data_type IN ('FLOAT','DOUBLE','REAL') THEN 'FLOAT'
  WHEN c.data_type = 'VARCHAR' THEN 'TEXT'
  WHEN c.data_type = 'JSON' THEN 'VARIANT'
  WHEN c.data_type = 'BOOLEAN' THEN 'BOOLEAN'
  WHEN c.data_type = 'DATE' THEN 'DATE'
  WHEN c.data_type LIKE 'TIME%' AND c.data_type LIKE '%WITH TIME ZONE' THEN 'TIMESTAMP_LTZ'
  WHEN c.data_type LIKE 'TIMESTAMP%' THEN 'TIMESTAMP_NTZ'
  WHEN c.data_type LIKE 'TIME%' THEN 'TIME'
  WHEN c.data_type = 'BLOB' THEN 'BINARY'
  WHEN c.data_type LIKE '%[]' THEN 'ARRAY'
  WHEN c.data_type LIKE 'STRUCT%' OR c.data_type LIKE 'MAP%' THEN 'OBJECT'
  ELSE c.data_type END`;

export const MACROS: readonly string[] = [
  ...(
    [
      ['years', 'INTEGER'],
      ['months', 'INTEGER'],
      ['weeks', 'INTEGER'],
      ['days', 'INTEGER'],
      ['hours', 'BIGINT'],
      ['minutes', 'BIGINT'],
      ['seconds', 'DOUBLE'],
      ['milliseconds', 'BIGINT'],
      ['microseconds', 'BIGINT'],
    ] as const
  ).map(([u, t]) => `CREATE OR REPLACE TEMP MACRO sf_iv_${u}(n) AS to_${u}(CAST(n AS ${t}))`),
  `CREATE OR REPLACE TEMP MACRO sf_json_str(j) AS json_extract_string(j, '$')`,
  `CREATE OR REPLACE TEMP MACRO sf_tz_convert2(tz, x) AS CAST(x AS TIMESTAMPTZ)`,
  `CREATE OR REPLACE TEMP MACRO sf_tz_convert3(src, tgt, x) AS timezone(tgt, timezone(src, CAST(x AS TIMESTAMP)))`,
  `CREATE OR REPLACE TEMP MACRO sf_ntz_in_tz(tz, x) AS timezone(tz, CAST(x AS TIMESTAMPTZ))`,
  `CREATE OR REPLACE TEMP MACRO sf_ts_scaled(x, s) AS make_timestamp(CASE WHEN s <= 6 THEN CAST(x AS BIGINT) * CAST(10 ** (6 - s) AS BIGINT) ELSE CAST(x AS BIGINT) // CAST(10 ** (s - 6) AS BIGINT) END)`,
  `CREATE OR REPLACE TEMP MACRO sf_tstz_scaled(x, s) AS timezone('UTC', sf_ts_scaled(x, s))`,
  `CREATE OR REPLACE TEMP MACRO sf_to_ntz(x) AS CAST(x AS TIMESTAMP)`,
  `CREATE OR REPLACE TEMP MACRO sf_to_ltz(x) AS CAST(x AS TIMESTAMPTZ)`,
  `CREATE OR REPLACE TEMP MACRO to_varchar(x) AS CAST(x AS VARCHAR)`,
  `CREATE OR REPLACE TEMP MACRO to_char(x) AS CAST(x AS VARCHAR)`,
  `CREATE OR REPLACE TEMP MACRO try_to_timestamp_ntz(x) AS TRY_CAST(x AS TIMESTAMP)`,
  `CREATE OR REPLACE TEMP MACRO try_to_timestamp_ltz(x) AS TRY_CAST(x AS TIMESTAMPTZ)`,
  `CREATE OR REPLACE TEMP MACRO try_to_timestamp_tz(x) AS TRY_CAST(x AS TIMESTAMPTZ)`,
  `CREATE OR REPLACE TEMP MACRO try_to_number(x) AS TRY_CAST(x AS DECIMAL(38, 0))`,
  `CREATE OR REPLACE TEMP MACRO try_to_decimal(x) AS TRY_CAST(x AS DECIMAL(38, 0))`,
  `CREATE OR REPLACE TEMP MACRO try_to_double(x) AS TRY_CAST(x AS DOUBLE)`,
  `CREATE OR REPLACE TEMP MACRO try_to_boolean(x) AS TRY_CAST(x AS BOOLEAN)`,
  `CREATE OR REPLACE TEMP MACRO to_number(x) AS CAST(x AS DECIMAL(38, 0))`,
  `CREATE OR REPLACE TEMP MACRO to_double(x) AS CAST(x AS DOUBLE)`,
  `CREATE OR REPLACE TEMP MACRO try_parse_json(x) AS CASE WHEN json_valid(x) THEN json(x) END`,
  `CREATE OR REPLACE TEMP MACRO to_variant(x) AS to_json(x)`,
  `CREATE OR REPLACE TEMP MACRO sf_info_tables(db) AS TABLE
    SELECT database_name AS TABLE_CATALOG, schema_name AS TABLE_SCHEMA, table_name AS TABLE_NAME,
           CASE WHEN temporary THEN 'TEMPORARY TABLE' ELSE 'BASE TABLE' END AS TABLE_TYPE,
           'SYSADMIN' AS TABLE_OWNER, estimated_size AS ROW_COUNT, NULL::BIGINT AS BYTES,
           NULL::VARCHAR AS CLUSTERING_KEY, comment AS COMMENT, 'YES' AS IS_TRANSIENT,
           TIMESTAMPTZ '2024-01-01 00:00:00+00' AS CREATED, TIMESTAMPTZ '2024-01-01 00:00:00+00' AS LAST_ALTERED
    FROM duckdb_tables() WHERE database_name = db AND NOT internal
    UNION ALL
    SELECT database_name, schema_name, view_name, 'VIEW', 'SYSADMIN', NULL, NULL, NULL, comment, 'NO',
           TIMESTAMPTZ '2024-01-01 00:00:00+00', TIMESTAMPTZ '2024-01-01 00:00:00+00'
    FROM duckdb_views() WHERE database_name = db AND NOT internal`,
  `CREATE OR REPLACE TEMP MACRO sf_info_views(db) AS TABLE
    SELECT database_name AS TABLE_CATALOG, schema_name AS TABLE_SCHEMA, view_name AS TABLE_NAME, sql AS VIEW_DEFINITION
    FROM duckdb_views() WHERE database_name = db AND NOT internal`,
  `CREATE OR REPLACE TEMP MACRO sf_info_schemata(db) AS TABLE
    SELECT catalog_name AS CATALOG_NAME, schema_name AS SCHEMA_NAME, 'SYSADMIN' AS SCHEMA_OWNER, NULL::VARCHAR AS COMMENT
    FROM information_schema.schemata WHERE catalog_name = db
    UNION ALL SELECT db, 'INFORMATION_SCHEMA', 'SYSADMIN', NULL`,
  `CREATE OR REPLACE TEMP MACRO sf_info_columns(db) AS TABLE
    SELECT c.database_name AS TABLE_CATALOG, c.schema_name AS TABLE_SCHEMA, c.table_name AS TABLE_NAME,
           c.column_name AS COLUMN_NAME, c.column_index AS ORDINAL_POSITION, c.column_default AS COLUMN_DEFAULT,
           CASE WHEN c.is_nullable THEN 'YES' ELSE 'NO' END AS IS_NULLABLE,
           ${SF_TYPE_OF} AS DATA_TYPE,
           CASE WHEN c.data_type = 'VARCHAR' THEN 16777216 END AS CHARACTER_MAXIMUM_LENGTH,
           CASE WHEN c.data_type LIKE 'DECIMAL%' THEN c.numeric_precision WHEN c.data_type LIKE '%INT%' THEN 38 END AS NUMERIC_PRECISION,
           CASE WHEN c.data_type LIKE 'DECIMAL%' THEN c.numeric_scale WHEN c.data_type LIKE '%INT%' THEN 0 END AS NUMERIC_SCALE,
           CASE WHEN c.comment LIKE 'sf:%' THEN NULL ELSE c.comment END AS COMMENT
    FROM duckdb_columns() c WHERE c.database_name = db AND NOT c.internal`,
];
