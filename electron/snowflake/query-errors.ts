import type { Connection, QueryPosition } from '../../shared/schemas';
import type { DriverError } from './driver';
import { explainError, grantsFor, noWarehouse, objectName, usageFor } from './error-remedies';
import { queryBody, statementsOf } from './statements';

export type { QueryPosition };

/** What went wrong with a query, in the user's terms, with the fix; `sql` is for an admin to run. */
export interface QueryProblem {
  code: string;
  message: string;
  remedy: string;
  sql: string | null;
  /** Where in the user's query, when Snowflake said or the name can be found. */
  position: QueryPosition | null;
}

/**
 * How a query reached Snowflake: the text the user wrote, and a way to read a place in the text
 * Floe sent (which wraps the query for a sample, a watermark or a template value) back in the
 * user's coordinates; null when the place is in Floe's wrapping, not in the query.
 */
export interface QueryContext {
  query: string;
  locate(line: number, position: number): QueryPosition | null;
  /** What the user does next: preview again (in the editor), dry-run again, or run the sync again. */
  action: 'preview' | 'dry-run' | 'run';
}

/** Where a 0-based offset of a text is, as line and column from 1. */
export function positionAt(text: string, offset: number): QueryPosition {
  const before = text.slice(0, Math.max(0, Math.min(offset, text.length)));
  const lineStart = before.lastIndexOf('\n') + 1;
  return { line: before.split('\n').length, column: offset - lineStart + 1 };
}

/** The first place a name appears in a query as a whole word, outside strings and comments (case-insensitive, as Snowflake reads unquoted names). */
export function findName(query: string, name: string): QueryPosition | null {
  const bare = name.replace(/^"|"$/g, '');
  if (!bare) return null;
  const blanked = query.replace(/'(?:[^'\\]|''|\\.)*'|--[^\n]*|\/\/[^\n]*|\/\*[\s\S]*?\*\//g, (m) => ' '.repeat(m.length));
  const word = new RegExp(`(?<![A-Za-z0-9_$])"?${bare.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}"?(?![A-Za-z0-9_$])`, 'i');
  const at = word.exec(blanked);
  return at ? positionAt(query, at.index) : null;
}

/** A dotted name as Snowflake prints it (DB.SCHEMA."my table"), split into its parts; quoted parts keep their quotes. */
export function nameParts(name: string): string[] {
  return name.match(/"(?:[^"]|"")*"|[^.]+/g) ?? [];
}

/** How a remedy points at its `sql`; a place that shows no SQL gets the statements there instead (see withSqlInline). */
const WITH_GRANTS = 'with the GRANT statements.';

const LOCATION = /(?:error )?line (\d+) at position (\d+)/gi;

/**
 * Snowflake's words with its line and position read back in the user's query; a place in Floe's
 * wrapping (the emulator, and Snowflake for some errors, report one) is left out rather than
 * shown wrong. Returns the words and the first place that is in the query.
 */
function reword(said: string, context: QueryContext | null): { text: string; position: QueryPosition | null } {
  const places: QueryPosition[] = [];
  let text = said
    .replace(LOCATION, (whole: string, line: string, column: string) => {
      const at = context?.locate(Number(line), Number(column)) ?? null;
      if (!at) return '';
      places.push(at);
      return `${whole.toLowerCase().startsWith('error') ? 'error ' : ''}line ${at.line} at position ${at.column - 1}`;
    })
    .replace(/\s+/g, ' ')
    .replace(/^\s*:?\s*/, '')
    .trim();
  // At the query's very end, what Snowflake found unexpected is Floe's wrapping (its closing parenthesis).
  const position = places[0] ?? null;
  const end = context ? positionAt(context.query, queryBody(context.query).length) : null;
  if (position && end && position.line === end.line && position.column === end.column) text = text.replace(/unexpected '[^']*'/, 'unexpected end of the query');
  return { text, position };
}

const AGAIN: Record<QueryContext['action'], string> = { preview: 'preview again', 'dry-run': 'dry-run it again', run: 'run the sync again' };
const again = (context: QueryContext | null) => AGAIN[context?.action ?? 'run'];

/** A query with more than one statement, said plainly; null when it has one. */
export function statementProblem(query: string, action: QueryContext['action']): QueryProblem | null {
  const statements = statementsOf(query);
  if (statements.length <= 1) return null;
  return {
    code: 'one_statement_only',
    message: `The query has ${statements.length} statements; a sync runs one SELECT.`,
    remedy: `Keep one statement (a WITH … SELECT counts as one): remove the others, or combine them with UNION ALL or a join, then ${AGAIN[action]}.`,
    sql: null,
    position: positionAt(query, statements[1]!.start),
  };
}

/**
 * Why Snowflake refused or failed a query, by the error's class: a compilation error with its
 * place in the user's query; an object that is missing or hidden from the role, named, with the
 * GRANT for the connection's role; more than one statement. What is about the connection itself
 * (sign-in, warehouse, network) keeps the connection's remedies.
 */
export function explainQueryError(error: DriverError, c: Connection, context: QueryContext | null): QueryProblem {
  const said = error.message.trim();
  const body = said.replace(/^SQL (?:compilation|access control) error:?/i, '');
  const role = c.role ? `role ${c.role}` : 'the role Floe signs in with (the user’s default role)';
  const placeholder = c.role ? '' : ' Replace <role> with that role’s name.';
  const next = again(context);

  if (error.code === '000008' || /statement count \d+ did not match/i.test(said)) {
    const counted = context ? statementProblem(context.query, context.action) : null;
    return counted ?? { code: 'one_statement_only', message: 'The query has more than one statement; a sync runs one SELECT.', remedy: `Keep one statement (a WITH … SELECT counts as one), then ${next}.`, sql: null, position: null };
  }

  const missing = /(Object|Table|View|Schema|Database)\s+'([^']+)'\s+does not exist or not authorized/i.exec(body);
  if (missing || error.code === '002003' || error.code === '003001' || error.code === '002043') {
    const kind = missing?.[1]?.toLowerCase() ?? 'object';
    const privilege = /Insufficient privileges to operate on (\w+) '([^']+)'/i.exec(body);
    const name = missing?.[2] ?? privilege?.[2] ?? null;
    const parts = name ? nameParts(name) : [];
    const position = parts.length && context ? findName(context.query, parts.at(-1)!) : null;
    if (kind === 'schema' || kind === 'database') {
      const [database, schema] = kind === 'database' ? [parts[0], undefined] : parts.length > 1 ? [parts[0], parts[1]] : [undefined, parts[0]];
      const lines = usageFor(c, { database, schema, databaseOnly: kind === 'database' });
      return {
        code: 'object_missing_or_not_authorized',
        message: `Snowflake cannot find ${kind} ${name}, or ${role} may not use it (Snowflake answers the same for both).`,
        remedy: `Check the name in the query. If it is right, an admin can let ${role} use it ${WITH_GRANTS}${placeholder}`,
        sql: lines.join('\n'),
        position,
      };
    }
    if (name) {
      const [database, schema] = parts.length >= 3 ? [parts[0], parts[1]] : parts.length === 2 ? [undefined, parts[0]] : [undefined, undefined];
      const objectKind = kind === 'view' ? 'view' : kind === 'table' || privilege?.[1]?.toLowerCase() === 'table' ? 'table' : 'table or view';
      const object = { name: parts.at(-1)!, kind: objectKind, database, schema } as const;
      const sql = grantsFor(c, object);
      const qualified = objectName(c, object);
      return privilege
        ? {
            code: 'insufficient_privileges',
            message: `${role[0]!.toUpperCase()}${role.slice(1)} may not read ${privilege[1]!.toLowerCase()} ${qualified}: ${reword(body, null).text}`,
            remedy: `An admin can let ${role} read it ${WITH_GRANTS}${placeholder}`,
            sql,
            position,
          }
        : {
            code: 'object_missing_or_not_authorized',
            message: `Snowflake cannot find ${objectKind} ${qualified}, or ${role} may not read it (Snowflake answers the same for both).`,
            remedy: `Check the name in the query. If it is right, an admin can let ${role} read it ${WITH_GRANTS}${placeholder}`,
            sql,
            position,
          };
    }
    return {
      code: 'object_missing_or_not_authorized',
      message: `Snowflake says an object the query names does not exist, or ${role} may not read it: ${reword(body, context).text}`,
      remedy: `Check the names in the query. If they are right, an admin can let ${role} read the connection's schema ${WITH_GRANTS}${placeholder}`,
      sql: grantsFor(c),
      position: null,
    };
  }

  if (error.code === '090105' || /does not have a current database/i.test(said)) {
    return {
      code: 'no_current_database',
      message: 'The query names a table without its database, and the connection sets none.',
      remedy: `Write the table's full name (DATABASE.SCHEMA.TABLE), or set a database and schema on the connection, then ${next}.`,
      sql: null,
      position: null,
    };
  }
  if (error.code === '000606') return { ...noWarehouse(c), position: null };

  if (/^SQL compilation error/i.test(said) || error.sqlState === '42000' || error.sqlState === '42601') {
    const { text, position: at } = reword(body, context);
    const identifier = /invalid identifier '([^']+)'/i.exec(body)?.[1] ?? null;
    const position = at ?? (identifier && context ? findName(context.query, identifier) : null);
    const where = position ? ` at line ${position.line}, position ${position.column - 1}${context?.action === 'preview' ? ' (marked in the editor)' : ''}` : '';
    return {
      code: 'sql_compilation_error',
      message: `Snowflake could not compile the query: ${text}`,
      remedy: identifier
        ? `Check the column name${where}: is ${identifier} a column of the tables the query reads? (Snowflake upper-cases names without quotes.) Then ${next}.`
        : `Correct the query${where}, then ${next}.`,
      sql: null,
      position,
    };
  }

  const connection = explainError(error, c, { host: c.accessUrl ?? c.account, fingerprint: null });
  if (connection.code !== 'snowflake_error') return { ...connection, position: null };
  return {
    code: 'query_failed',
    message: `Snowflake could not run the query${error.code ? ` (${error.code})` : ''}: ${reword(said, context).text}`,
    remedy: `Correct the query (the message names what Snowflake could not do with the data), then ${next}.`,
    sql: null,
    position: null,
  };
}

/** A problem whose fix is SQL, told in one text for a place that shows no SQL (a run's record). */
export function withSqlInline(problem: QueryProblem): { code: string; message: string; remedy: string } {
  const statements = problem.sql
    ?.split('\n')
    .filter((line) => !line.startsWith('--'))
    .join(' ');
  if (!statements) return { code: problem.code, message: problem.message, remedy: problem.remedy };
  const remedy = problem.remedy.includes(WITH_GRANTS) ? problem.remedy.replace(WITH_GRANTS, `by running: ${statements}`) : `${problem.remedy} An admin can run: ${statements}`;
  return { code: problem.code, message: problem.message, remedy };
}
