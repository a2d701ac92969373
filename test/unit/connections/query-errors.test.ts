import { describe, expect, it } from 'vitest';
import { explainQueryError, findName, nameParts, statementProblem, withSqlInline, type QueryContext } from '../../../electron/snowflake/query-errors';
import { queryBody, statementsOf } from '../../../electron/snowflake/statements';
import { connectionRecord } from '../../helpers/fixtures';

const connection = connectionRecord({ account: 'myorg-myaccount', username: 'floe_user', role: 'floe_reader', warehouse: 'floe_wh', database: 'analytics', schema: 'public' });
const roleless = { ...connection, role: null };
const err = (code: string | null, message: string, sqlState: string | null = null) => ({ code, sqlState, message, network: false });
/** The query as it was sent, with no wrapping: Snowflake's places are the query's own. */
const plain = (query: string, action: QueryContext['action'] = 'preview'): QueryContext => ({
  query,
  action,
  locate: (line, position) => ({ line, column: position + 1 }),
});

describe('statementsOf and queryBody', () => {
  it.each([
    ['SELECT 1', 1],
    ['SELECT 1;', 1],
    ['SELECT 1;  -- done\n', 1],
    ["SELECT ';' AS semi", 1],
    ["SELECT 'it''s; fine' AS t", 1],
    ['SELECT "a;b" FROM t', 1],
    ['SELECT 1 /* ; */', 1],
    ['SELECT $$ ; $$ AS body', 1],
    ['-- only a comment;\n;', 0],
    ['SELECT 1; SELECT 2', 2],
    ['SELECT 1;\n\nSELECT 2;\n-- and\nSELECT 3', 3],
  ])('%j has %i statement(s)', (sql, count) => {
    expect(statementsOf(sql)).toHaveLength(count);
  });

  it('a query body ends at its last statement: trailing semicolons, blanks and comments go, leading ones stay', () => {
    expect(queryBody('SELECT * FROM t; -- all of them\n')).toBe('SELECT * FROM t');
    expect(queryBody('  -- the events\nSELECT * FROM t -- all\n')).toBe('  -- the events\nSELECT * FROM t');
    expect(queryBody("SELECT 'a' AS x;;")).toBe("SELECT 'a' AS x");
  });
});

describe('explainQueryError', () => {
  it('a syntax error: Snowflake’s words, its line and position in the query, no word of the connection', () => {
    const query = "SELECT EVENT_ID\nFROM APP_EVENTS\nWHERE EVENT_ID = = 'x'";
    const problem = explainQueryError(err('001003', "SQL compilation error:\nsyntax error line 3 at position 17 unexpected '='.", '42000'), connection, plain(query));
    expect(problem).toEqual({
      code: 'sql_compilation_error',
      message: "Snowflake could not compile the query: syntax error line 3 at position 17 unexpected '='.",
      remedy: 'Correct the query at line 3, position 17 (marked in the editor), then preview again.',
      sql: null,
      position: { line: 3, column: 18 },
    });
  });

  it('a place in Floe’s wrapping is left out of the words, and an invalid identifier is found by its name', () => {
    const query = 'SELECT EVENT_ID,\n  NOPE_COL\nFROM APP_EVENTS';
    const wrapped: QueryContext = { query, action: 'run', locate: () => null };
    const problem = explainQueryError(err('000904', "SQL compilation error: error line 1 at position 7\ninvalid identifier 'NOPE_COL'", '42000'), connection, wrapped);
    expect(problem.message).toBe("Snowflake could not compile the query: invalid identifier 'NOPE_COL'");
    expect(problem.position).toEqual({ line: 2, column: 3 });
    expect(problem.remedy).toMatch(/^Check the column name at line 2, position 2: is NOPE_COL a column .* Then run the sync again\.$/);
  });

  it('an error at the very end of the query is the query ending too soon, not Floe’s closing parenthesis', () => {
    const query = 'SELECT * FROM T WHERE';
    const problem = explainQueryError(err('001003', "SQL compilation error:\nsyntax error line 1 at position 21 unexpected ')'."), connection, plain(query));
    expect(problem.message).toBe('Snowflake could not compile the query: syntax error line 1 at position 21 unexpected end of the query.');
  });

  it('a table missing or hidden from the role: named in full, with the GRANT for the connection’s role, the view’s as a comment', () => {
    const query = 'SELECT USER_ID FROM USERS';
    const problem = explainQueryError(err('002003', "SQL compilation error:\nObject 'USERS' does not exist or not authorized.", '42S02'), connection, plain(query));
    expect(problem.code).toBe('object_missing_or_not_authorized');
    expect(problem.message).toBe('Snowflake cannot find table or view ANALYTICS.PUBLIC.USERS, or role floe_reader may not read it (Snowflake answers the same for both).');
    expect(problem.remedy).not.toMatch(/below|connection settings/);
    expect(problem.sql).toBe(
      [
        'GRANT USAGE ON DATABASE ANALYTICS TO ROLE FLOE_READER;',
        'GRANT USAGE ON SCHEMA ANALYTICS.PUBLIC TO ROLE FLOE_READER;',
        'GRANT SELECT ON TABLE ANALYTICS.PUBLIC.USERS TO ROLE FLOE_READER;',
        '-- If USERS is a view, run this instead of the line above:',
        '-- GRANT SELECT ON VIEW ANALYTICS.PUBLIC.USERS TO ROLE FLOE_READER;',
      ].join('\n'),
    );
    expect(problem.position).toEqual({ line: 1, column: 21 });
  });

  it('a fully named object in another database and schema is granted there; a quoted name keeps its quotes', () => {
    const problem = explainQueryError(err('002003', `SQL compilation error:\nObject 'SALES.CRM."order items"' does not exist or not authorized.`), connection, plain('SELECT * FROM sales.crm."order items"'));
    expect(problem.sql).toContain('GRANT USAGE ON SCHEMA SALES.CRM TO ROLE FLOE_READER;');
    expect(problem.sql).toContain('GRANT SELECT ON TABLE SALES.CRM."order items" TO ROLE FLOE_READER;');
    expect(problem.position).toEqual({ line: 1, column: 25 });
  });

  it('a missing schema or database gets USAGE on it, not SELECT', () => {
    const schema = explainQueryError(err('002003', "SQL compilation error:\nSchema 'ANALYTICS.STAGING' does not exist or not authorized."), connection, plain('SELECT * FROM STAGING.T'));
    expect(schema.sql).toBe('GRANT USAGE ON DATABASE ANALYTICS TO ROLE FLOE_READER;\nGRANT USAGE ON SCHEMA ANALYTICS.STAGING TO ROLE FLOE_READER;');
    const database = explainQueryError(err('002003', "SQL compilation error:\nDatabase 'OTHER' does not exist or not authorized."), connection, plain('SELECT * FROM OTHER.PUBLIC.T'));
    expect(database.sql).toBe('GRANT USAGE ON DATABASE OTHER TO ROLE FLOE_READER;');
  });

  it('a table the role sees but may not read (003001) names the privilege', () => {
    const problem = explainQueryError(err('003001', "SQL access control error:\nInsufficient privileges to operate on table 'ORDERS'"), connection, plain('SELECT * FROM ORDERS'));
    expect(problem.code).toBe('insufficient_privileges');
    expect(problem.message).toMatch(/^Role floe_reader may not read table ANALYTICS.PUBLIC.ORDERS/);
    expect(problem.sql).toContain('GRANT SELECT ON TABLE ANALYTICS.PUBLIC.ORDERS TO ROLE FLOE_READER;');
  });

  it('without a role on the connection, the GRANT names <role> and says what to put there', () => {
    const problem = explainQueryError(err('002003', "SQL compilation error:\nObject 'USERS' does not exist or not authorized."), roleless, plain('SELECT * FROM USERS'));
    expect(problem.message).toMatch(/the role Floe signs in with/);
    expect(problem.remedy).toMatch(/Replace <role> with that role’s name/);
    expect(problem.sql).toContain('TO ROLE <role>;');
  });

  it('more than one statement is said plainly, the second one found; Snowflake’s statement count is never shown', () => {
    const query = 'SELECT 1;\nSELECT 2';
    const problem = explainQueryError(err('000008', 'Actual statement count 2 did not match the desired statement count 1.'), connection, plain(query));
    expect(problem).toMatchObject({ code: 'one_statement_only', message: 'The query has 2 statements; a sync runs one SELECT.', position: { line: 2, column: 1 } });
    expect(statementProblem(query, 'run')?.remedy).toMatch(/then run the sync again\.$/);
    expect(statementProblem('SELECT 1; -- done', 'preview')).toBeNull();
  });

  it('what is about the connection keeps the connection’s remedy; an execution error is about the query', () => {
    expect(explainQueryError(err('390100', 'Incorrect username or password was specified.'), connection, plain('SELECT 1')).code).toBe('wrong_password');
    expect(explainQueryError(err('000606', 'No active warehouse selected in the current session.'), connection, plain('SELECT 1')).code).toBe('no_active_warehouse');
    const data = explainQueryError(err('100038', "Numeric value 'abc' is not recognized"), connection, plain("SELECT TO_NUMBER('abc')"));
    expect(data).toMatchObject({ code: 'query_failed', message: "Snowflake could not run the query (100038): Numeric value 'abc' is not recognized" });
    expect(data.remedy).not.toMatch(/connection/);
  });

  it('for a run’s record, the GRANT is written into the remedy', () => {
    const problem = explainQueryError(err('002003', "SQL compilation error:\nObject 'USERS' does not exist or not authorized."), connection, plain('SELECT * FROM USERS', 'run'));
    expect(withSqlInline(problem).remedy).toBe(
      'Check the name in the query. If it is right, an admin can let role floe_reader read it by running: GRANT USAGE ON DATABASE ANALYTICS TO ROLE FLOE_READER; GRANT USAGE ON SCHEMA ANALYTICS.PUBLIC TO ROLE FLOE_READER; GRANT SELECT ON TABLE ANALYTICS.PUBLIC.USERS TO ROLE FLOE_READER;',
    );
  });
});

describe('names in a query', () => {
  it('splits a dotted name, keeping quoted parts whole', () => {
    expect(nameParts('DB.S."my.table"')).toEqual(['DB', 'S', '"my.table"']);
  });

  it('finds a name as a whole word, in any case, outside strings and comments', () => {
    expect(findName("SELECT 'users' AS x, USER_ID -- users\nFROM users", 'USERS')).toEqual({ line: 2, column: 6 });
    expect(findName('SELECT 1', 'USERS')).toBeNull();
  });
});
