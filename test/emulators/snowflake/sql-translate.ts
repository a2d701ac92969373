import { Dialect, generate, init, isInitialized, parse, transpile } from '@polyglot-sql/sdk';
import { type SnowflakeError, sfError } from './errors';
import { keywordView, mapUnquoted, sqlString } from './sql-text';

// Snowflake SQL → DuckDB SQL. polyglot does the dialect work; around it we add what an
// emulator needs and polyglot can't know: Snowflake identifier case rules, session functions,
// result column naming, bind markers, and a few semantic fixes (OBJECT_CONSTRUCT drops NULLs,
// `:path::string` unquotes, CONVERT_TIMEZONE keeps the instant).

export interface TranslateContext {
  user: string;
  role: string;
  warehouse: string | null;
  database: string | null;
  schema: string | null;
  account: string;
}

export interface TableRef {
  database: string | null;
  schema: string | null;
  name: string;
}

export type StatementKind = 'query' | 'insert' | 'update' | 'delete' | 'merge' | 'ddl';

export interface Translation {
  kind: StatementKind;
  root: string;
  duckSql: string;
  tables: TableRef[];
  // Target table of CREATE/INSERT/UPDATE/DELETE/MERGE/DROP, when there is one.
  target: TableRef | null;
  bindMarkers: string[];
}

type Node = Record<string, unknown>;

// The CommonJS build of polyglot loads its WASM lazily; call once before translating.
export async function initTranslator(): Promise<void> {
  if (!isInitialized()) await init();
}

export const bindMarker = (key: string): string => `__FLOE_BIND_${key}__`;

// Constructs polyglot cannot translate or DuckDB cannot run; named so the error says what failed.
const UNSUPPORTED: ReadonlyArray<[RegExp, string]> = [
  [/\bCHANGES \(/, 'CHANGES clause'],
  [/\b(AT|BEFORE) \( ?(TIMESTAMP|OFFSET|STATEMENT|STREAM) ?=>/, 'Time Travel AT/BEFORE'],
  [/\bMATCH_RECOGNIZE\b/, 'MATCH_RECOGNIZE'],
  [/\bCONNECT BY\b/, 'CONNECT BY'],
  [/\bFLATTEN ?\(/, 'FLATTEN'],
  [/\bOBJECT_CONSTRUCT ?\( ?\*/, 'OBJECT_CONSTRUCT(*)'],
  [/^(CREATE|ALTER|DROP|DESCRIBE|DESC|SHOW) (OR REPLACE )?(SECURE )?(STREAMS?|PIPES?|TASKS?|STAGES?|FILE FORMATS?|SEQUENCES?|PROCEDURES?|FUNCTIONS?|INTEGRATIONS?|SHARES?|MATERIALIZED VIEWS?|EXTERNAL TABLES?|DYNAMIC TABLES?|ALERTS?|NETWORK POLICY)\b/, '$4'],
  [/^(COPY INTO|PUT|GET|LIST|LS|REMOVE|RM|CALL|EXECUTE)\b/, '$1'],
  [/\bSYSTEM\$\w+/, '$0'],
  [/\bGEOGRAPHY\b|\bGEOMETRY\b/, '$0 type'],
];

export function findUnsupported(sql: string): string | null {
  const kw = keywordView(sql).replace(/\(/g, ' ( ').replace(/\s+/g, ' ');
  for (const [re, label] of UNSUPPORTED) {
    const m = kw.match(re);
    if (m) return label.replace(/\$(\d)/g, (_, d: string) => (m[Number(d)] ?? '').trim());
  }
  return null;
}

const isObj = (v: unknown): v is Node => typeof v === 'object' && v !== null && !Array.isArray(v);

const lit = (value: string): Node => ({ literal: { literal_type: 'string', value } });
const fn = (name: string, args: unknown[]): Node => ({
  function: { name, args, distinct: false, trailing_comments: [], use_bracket_syntax: false, no_parens: false, quoted: false },
});
const ident = (name: string): Node => ({ name, quoted: true, trailing_comments: [] });

const ROOT_KIND: Record<string, StatementKind> = {
  select: 'query',
  union: 'query',
  intersect: 'query',
  except: 'query',
  values: 'query',
  insert: 'insert',
  update: 'update',
  delete: 'delete',
  merge: 'merge',
};

function sessionLiteral(name: string, ctx: TranslateContext): Node | undefined {
  const v = (s: string | null): Node => (s === null ? { null: null } : lit(s));
  switch (name) {
    case 'CURRENT_USER':
      return v(ctx.user);
    case 'CURRENT_ROLE':
      return v(ctx.role);
    case 'CURRENT_WAREHOUSE':
      return v(ctx.warehouse);
    case 'CURRENT_DATABASE':
      return v(ctx.database);
    case 'CURRENT_SCHEMA':
      return v(ctx.schema);
    case 'CURRENT_ACCOUNT':
    case 'CURRENT_ACCOUNT_NAME':
      return v(ctx.account);
    case 'CURRENT_ORGANIZATION_NAME':
      return v('FLOE_ORG');
    case 'CURRENT_REGION':
      return v('LOCAL_EMULATOR');
    case 'CURRENT_VERSION':
      return v('9.0.0');
    case 'CURRENT_CLIENT':
      return v('JavaScript');
    case 'CURRENT_AVAILABLE_ROLES':
      return v(JSON.stringify([ctx.role]));
    default:
      return undefined;
  }
}

function fnName(node: Node): string | null {
  const f = node.function;
  return isObj(f) && typeof f.name === 'string' ? f.name.toUpperCase() : null;
}

function fnArgs(node: Node): unknown[] {
  const f = node.function as Node;
  return Array.isArray(f.args) ? f.args : [];
}

function numberLiteral(node: unknown): number | null {
  if (!isObj(node) || !isObj(node.literal)) return null;
  const l = node.literal as Node;
  return l.literal_type === 'number' ? Number(l.value) : null;
}

interface WalkState {
  ctx: TranslateContext;
  tables: TableRef[];
  cteNames: Set<string>;
  markers: string[];
  positional: number;
}

function rewriteFunction(node: Node, st: WalkState): Node | undefined {
  const name = fnName(node);
  if (!name) return undefined;
  const args = fnArgs(node);
  const session = args.length === 0 ? sessionLiteral(name, st.ctx) : undefined;
  if (session) return session;
  switch (name) {
    case 'OBJECT_CONSTRUCT':
      // Snowflake omits keys whose value is NULL; a JSON merge patch deletes exactly those.
      return fn('JSON_MERGE_PATCH', [lit('{}'), fn('JSON_OBJECT', args)]);
    case 'TO_BINARY':
    case 'TRY_TO_BINARY': {
      const fmt = isObj(args[1]) && isObj(args[1].literal) ? String((args[1].literal as Node).value).toUpperCase() : 'HEX';
      const f = fmt === 'BASE64' ? 'FROM_BASE64' : fmt === 'UTF-8' || fmt === 'UTF8' ? 'ENCODE' : 'UNHEX';
      return fn(f, [args[0]]);
    }
    case 'DATEADD':
    case 'TIMEADD':
    case 'TIMESTAMPADD': {
      const unit = unitName(args[0]);
      const add = unit ? intervalFn(unit, args[1]) : null;
      if (!add || args.length !== 3) return undefined;
      return { add: { left: args[2], right: add, left_comments: [], operator_comments: [], trailing_comments: [] } };
    }
    case 'TO_VARCHAR':
    case 'TO_CHAR': {
      const f = args[1];
      if (args.length !== 2 || !isObj(f) || !isObj(f.literal) || typeof f.literal.value !== 'string') return undefined;
      return fn('STRFTIME', [args[0], lit(strftimeFormat(f.literal.value))]);
    }
    case 'ARRAY_CONSTRUCT':
      // Snowflake arrays are heterogeneous; a DuckDB LIST is not, JSON is.
      return fn('JSON_ARRAY', args);
    case 'CURRENT_TIMESTAMP':
    case 'LOCALTIMESTAMP':
    case 'GETDATE':
      return fn('NOW', []);
    case 'SYSDATE':
      return fn('TIMEZONE', [lit('UTC'), fn('NOW', [])]);
    case 'SYSTIMESTAMP':
      return fn('NOW', []);
    case 'HEX_DECODE_BINARY':
      return fn('UNHEX', args);
    case 'BASE64_DECODE_BINARY':
      return fn('FROM_BASE64', args);
    case 'OBJECT_CONSTRUCT_KEEP_NULL':
      return fn('JSON_OBJECT', args);
    case 'CONVERT_TIMEZONE':
      if (args.length === 2) return fn('SF_TZ_CONVERT2', args);
      if (args.length === 3) return fn('SF_TZ_CONVERT3', args);
      return undefined;
    case 'TO_TIMESTAMP_NTZ':
    case 'TO_TIMESTAMP':
    case 'TO_TIMESTAMP_LTZ':
    case 'TO_TIMESTAMP_TZ': {
      const ntz = name === 'TO_TIMESTAMP_NTZ' || name === 'TO_TIMESTAMP';
      if (args.length === 2 && numberLiteral(args[1]) !== null)
        return fn(ntz ? 'SF_TS_SCALED' : 'SF_TSTZ_SCALED', args);
      if (args.length === 1 && ntz && isObj(args[0]) && fnName(args[0]) === 'CONVERT_TIMEZONE' && fnArgs(args[0]).length === 2)
        return fn('SF_NTZ_IN_TZ', fnArgs(args[0]));
      if (args.length === 1 && numberLiteral(args[0]) !== null) return fn(ntz ? 'SF_TS_SCALED' : 'SF_TSTZ_SCALED', [args[0], { literal: { literal_type: 'number', value: '0' } }]);
      if (args.length === 1) return fn(ntz ? 'SF_TO_NTZ' : 'SF_TO_LTZ', args);
      return undefined;
    }
    default:
      return undefined;
  }
}

const FORMAT_TOKENS: ReadonlyArray<[RegExp, string]> = [
  [/YYYY/g, '%Y'], [/YY/g, '%y'], [/MMMM/g, '%B'], [/MON/g, '%b'], [/MM/g, '%m'], [/DD/g, '%d'], [/DY/g, '%a'],
  [/HH24/g, '%H'], [/HH12/g, '%I'], [/HH/g, '%H'], [/MI/g, '%M'], [/SS/g, '%S'], [/FF[1-3]?/g, '%g'], [/FF[4-9]/g, '%f'],
  [/AM|PM/g, '%p'], [/TZH:TZM/g, '%z'], [/TZHTZM/g, '%z'],
];

// Snowflake date format → strftime; unknown text passes through literally.
export function strftimeFormat(fmt: string): string {
  return FORMAT_TOKENS.reduce((acc, [re, rep]) => acc.replace(re, rep), fmt.replace(/"([^"]*)"/g, '$1'));
}

function unitName(node: unknown): string | null {
  if (!isObj(node)) return null;
  if (isObj(node.var) && typeof node.var.this === 'string') return node.var.this.toUpperCase();
  if (isObj(node.literal) && typeof node.literal.value === 'string') return node.literal.value.toUpperCase();
  if (isObj(node.column) && isObj(node.column.name) && typeof node.column.name.name === 'string') return node.column.name.name.toUpperCase();
  return null;
}

const UNIT_FN: Record<string, [string, number]> = {
  YEAR: ['SF_IV_YEARS', 1], YEARS: ['SF_IV_YEARS', 1], Y: ['SF_IV_YEARS', 1], YY: ['SF_IV_YEARS', 1], YYYY: ['SF_IV_YEARS', 1],
  QUARTER: ['SF_IV_MONTHS', 3], QUARTERS: ['SF_IV_MONTHS', 3], Q: ['SF_IV_MONTHS', 3],
  MONTH: ['SF_IV_MONTHS', 1], MONTHS: ['SF_IV_MONTHS', 1], MM: ['SF_IV_MONTHS', 1], MON: ['SF_IV_MONTHS', 1],
  WEEK: ['SF_IV_WEEKS', 1], WEEKS: ['SF_IV_WEEKS', 1], W: ['SF_IV_WEEKS', 1], WK: ['SF_IV_WEEKS', 1],
  DAY: ['SF_IV_DAYS', 1], DAYS: ['SF_IV_DAYS', 1], D: ['SF_IV_DAYS', 1], DD: ['SF_IV_DAYS', 1],
  HOUR: ['SF_IV_HOURS', 1], HOURS: ['SF_IV_HOURS', 1], H: ['SF_IV_HOURS', 1], HH: ['SF_IV_HOURS', 1],
  MINUTE: ['SF_IV_MINUTES', 1], MINUTES: ['SF_IV_MINUTES', 1], MI: ['SF_IV_MINUTES', 1], MIN: ['SF_IV_MINUTES', 1], M: ['SF_IV_MINUTES', 1],
  SECOND: ['SF_IV_SECONDS', 1], SECONDS: ['SF_IV_SECONDS', 1], S: ['SF_IV_SECONDS', 1], SEC: ['SF_IV_SECONDS', 1],
  MILLISECOND: ['SF_IV_MILLISECONDS', 1], MILLISECONDS: ['SF_IV_MILLISECONDS', 1], MS: ['SF_IV_MILLISECONDS', 1],
  MICROSECOND: ['SF_IV_MICROSECONDS', 1], MICROSECONDS: ['SF_IV_MICROSECONDS', 1], US: ['SF_IV_MICROSECONDS', 1],
};

// DATEADD(unit, n, x) → x + SF_IV_<UNIT>S(n) (macros over DuckDB's to_<unit>s): DuckDB's
// INTERVAL syntax only takes literals, and polyglot rewrites TO_DAYS itself.
function intervalFn(unit: string, amount: unknown): Node | null {
  const m = UNIT_FN[unit];
  if (!m) return null;
  const [name, factor] = m;
  const scaled = factor === 1 ? amount : { mul: { left: amount, right: { literal: { literal_type: 'number', value: String(factor) } }, left_comments: [], operator_comments: [], trailing_comments: [] } };
  return fn(name, [scaled]);
}

function isJsonish(node: unknown): boolean {
  return isObj(node) && ('j_s_o_n_extract' in node || 'parse_json' in node || fnName(node) === 'GET' || fnName(node) === 'PARSE_JSON');
}

function rewrite(node: unknown, st: WalkState): unknown {
  if (Array.isArray(node)) return node.map((n) => rewrite(n, st));
  if (!isObj(node)) return node;

  if ('placeholder' in node && Object.keys(node).length === 1) {
    st.positional += 1;
    const key = String(st.positional);
    st.markers.push(key);
    return lit(bindMarker(key));
  }
  if ('parameter' in node && isObj(node.parameter)) {
    const p = node.parameter;
    const key = p.index != null ? String(p.index) : String(p.name ?? '');
    st.markers.push(key);
    return lit(bindMarker(key));
  }
  if ('literal' in node && isObj(node.literal) && node.literal.literal_type === 'string' && typeof node.literal.value === 'string') {
    // DuckDB reads "… 12:00:00 +01:00" as a zone *name*; Snowflake's offset form has no space.
    const v = node.literal.value;
    if (/^\d{4}-\d{2}-\d{2}[ T][\d:.]+ [+-]\d{2}:?\d{2}$/.test(v)) return { literal: { ...node.literal, value: v.replace(/ ([+-]\d)/, '$1') } };
  }
  if ('function' in node) {
    const replaced = rewriteFunction(node, st);
    if (replaced) return rewrite(replaced, st);
  }
  if ('column' in node && isObj(node.column)) {
    const c = node.column;
    const n = isObj(c.name) ? c.name : null;
    if (n && !n.quoted && c.table == null && typeof n.name === 'string') {
      const session = ['CURRENT_USER', 'CURRENT_ROLE', 'CURRENT_WAREHOUSE', 'CURRENT_DATABASE', 'CURRENT_SCHEMA'].includes(n.name.toUpperCase())
        ? sessionLiteral(n.name.toUpperCase(), st.ctx)
        : undefined;
      if (session) return session;
    }
  }
  if ('cast' in node && isObj(node.cast)) {
    const c = node.cast;
    const to = isObj(c.to) ? c.to : null;
    if (to && (to.data_type === 'text' || to.data_type === 'varchar' || to.data_type === 'string') && isJsonish(c.this))
      return fn('SF_JSON_STR', [rewrite(c.this, st)]);
  }
  if ('table' in node && isObj(node.table)) {
    const t = node.table;
    const out = Object.fromEntries(Object.entries(node).map(([k, v]) => [k, rewrite(v, st)])) as Node;
    const nt = out.table as Node;
    const part = (v: unknown): string | null => (isObj(v) && typeof v.name === 'string' ? v.name : null);
    if (part(t.name) !== null) st.tables.push({ database: part(nt.catalog), schema: part(nt.schema), name: part(nt.name)! });
    return out;
  }
  if (Array.isArray(node.ctes)) {
    for (const cte of node.ctes) {
      if (isObj(cte) && isObj(cte.alias) && typeof cte.alias.name === 'string')
        st.cteNames.add(cte.alias.quoted ? cte.alias.name : cte.alias.name.toUpperCase());
    }
  }
  // Identifiers: Snowflake folds unquoted names to upper case; quoting them keeps DuckDB honest.
  if (typeof node.name === 'string' && typeof node.quoted === 'boolean' && !('args' in node)) {
    return { ...node, name: node.quoted ? node.name : node.name.toUpperCase(), quoted: true };
  }
  const out: Node = {};
  for (const [k, v] of Object.entries(node)) out[k] = rewrite(v, st);
  return out;
}

// Snowflake names an unaliased expression column after its text, upper-cased.
function nameUnaliased(root: Node): void {
  const sel = isObj(root.select) ? root.select : null;
  if (!sel || !Array.isArray(sel.expressions)) return;
  sel.expressions = sel.expressions.map((e: unknown) => {
    if (!isObj(e) || 'alias' in e || 'column' in e || 'star' in e) return e;
    const g = generate([{ select: { ...emptySelect(), expressions: [e] } }], Dialect.Snowflake);
    const text = g.success && g.sql?.[0] ? g.sql[0].replace(/^SELECT\s+/i, '') : null;
    if (!text) return e;
    return {
      alias: { this: e, alias: ident(text.toUpperCase()), column_aliases: [], alias_explicit_as: true, pre_alias_comments: [], trailing_comments: [] },
    };
  });
}

function emptySelect(): Node {
  const r = parse('SELECT 1', Dialect.Snowflake);
  const ast = r.success ? (r.ast[0] as Node) : {};
  return { ...(ast.select as Node) };
}

const TYPE_WORDS: ReadonlyArray<[RegExp, string]> = [
  [/\bTIMESTAMP_?NTZ\b/gi, 'TIMESTAMP'],
  [/\bTIMESTAMP_?LTZ\b/gi, 'TIMESTAMPTZ'],
  [/\bTIMESTAMP_TZ\b/gi, 'TIMESTAMPTZ'],
  [/\bDATETIME\b/gi, 'TIMESTAMP'],
  [/\bVARIANT\b/gi, 'JSON'],
  [/\bOBJECT\b(?!\s*\()/gi, 'JSON'],
  [/\bARRAY\b(?!\s*[([])/gi, 'JSON'],
  [/\bTEXT\s*\(\s*\d+\s*\)/gi, 'VARCHAR'],
  [/\bSTRING\b(?!\s*\()/gi, 'VARCHAR'],
  [/\bCURRENT_TIMESTAMP\s*\(\s*\)/gi, 'NOW()'],
  [/\bCURRENT_DATE\s*\(\s*\)/gi, 'CURRENT_DATE'],
  [/\bCURRENT_TIME\s*\(\s*\)/gi, 'CURRENT_TIME'],
];

function fixTypes(sql: string): string {
  return mapUnquoted(sql, (t) => TYPE_WORDS.reduce((acc, [re, rep]) => acc.replace(re, rep), t));
}

const INFO_RE = /(?:"((?:[^"]|"")+)"\.)?"INFORMATION_SCHEMA"\."(TABLES|COLUMNS|SCHEMATA|VIEWS)"/g;

function rewriteInformationSchema(sql: string, ctx: TranslateContext): string {
  return sql.replace(INFO_RE, (_m, db: string | undefined, view: string) => {
    const database = db ?? ctx.database;
    if (!database) throw sfError.noDatabase();
    return `SF_INFO_${view}(${sqlString(database)})`;
  });
}

function syntaxError(message: string, sql: string, errorStart?: number): SnowflakeError {
  const pos = errorStart ?? 0;
  const before = sql.slice(0, pos);
  const line = before.split('\n').length;
  const col = pos - before.lastIndexOf('\n') - 1;
  const tok = sql.slice(pos).match(/^\s*(\S+)/)?.[1] ?? '<EOF>';
  return sfError.syntax(`syntax error line ${line} at position ${col} unexpected '${tok.replace(/[;,].*$/, '') || tok}'.`);
}

export function translate(sql: string, ctx: TranslateContext): Translation {
  const unsupported = findUnsupported(sql);
  if (unsupported) throw sfError.unsupported(unsupported);

  const parsed = parse(sql, Dialect.Snowflake);
  if (!parsed.success) throw syntaxError(parsed.error ?? 'parse error', sql, parsed.errorStart);
  if (parsed.ast.length !== 1) throw sfError.statementCount(parsed.ast.length, 1);
  const root = parsed.ast[0] as Node;
  const rootKey = Object.keys(root)[0] ?? '';
  const kind = ROOT_KIND[rootKey] ?? 'ddl';
  if (kind === 'query') nameUnaliased(root);

  const st: WalkState = { ctx, tables: [], cteNames: new Set(), markers: [], positional: 0 };
  const rewritten = rewrite(root, st) as Node;

  const g = generate([rewritten], Dialect.Snowflake);
  if (!g.success || !g.sql?.[0]) throw sfError.unsupported(g.error ?? 'statement');
  const t = transpile(g.sql[0], Dialect.Snowflake, Dialect.DuckDB, { unsupportedLevel: 'raise' });
  if (!t.success || !t.sql?.[0]) {
    const what = (t.error ?? 'statement').replace(/^Generation error:\s*/i, '').replace(/ not supported in this dialect$/i, '');
    throw sfError.unsupported(what);
  }
  const duckSql = rewriteInformationSchema(fixTypes(t.sql[0]), ctx);

  const tables = st.tables.filter(
    (x) => !(x.database === null && x.schema === null && st.cteNames.has(x.name)) && x.schema !== 'INFORMATION_SCHEMA',
  );
  const target = kind === 'query' ? null : (tables[0] ?? null);
  return { kind, root: rootKey, duckSql, tables, target, bindMarkers: st.markers };
}
