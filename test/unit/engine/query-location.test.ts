import { describe, expect, it } from 'vitest';
import { queryLocator } from '../../../electron/engine/source/query-location';
import { incrementalSql } from '../../../electron/engine/watermark';
import { queryBody } from '../../../electron/snowflake/statements';

/** Snowflake's place (line from 1, position from 0) of `needle`'s first character in the sent text. */
function placeOf(sent: string, needle: string): [number, number] {
  const offset = sent.indexOf(needle);
  const before = sent.slice(0, offset);
  return [before.split('\n').length, offset - (before.lastIndexOf('\n') + 1)];
}

describe('queryLocator: a place Snowflake reported in the sent text, read back in the user’s query', () => {
  it('through a preview’s wrapping on the first line, and on a later line', () => {
    const query = 'SELECT EVENT_ID FORM APP_EVENTS\nWHERE X = = 1;';
    const sent = `SELECT * FROM (${queryBody(query)}) AS floe_preview LIMIT 101`;
    const locate = queryLocator(query, sent);
    expect(locate(...placeOf(sent, 'APP_EVENTS'))).toEqual({ line: 1, column: 22 });
    expect(locate(...placeOf(sent, '= 1'))).toEqual({ line: 2, column: 11 });
  });

  it('with leading blank lines trimmed by the wrapping and a template value bound as ?', () => {
    const query = '\n\n  SELECT *\nFROM T\nWHERE TS > {{last_sync_time}} AND = 1';
    const sent = `SELECT * FROM (${queryBody(query.replace('{{last_sync_time}}', '?').trim())}) AS floe_sample LIMIT 100`;
    const locate = queryLocator(query, sent);
    expect(locate(...placeOf(sent, '= 1'))).toEqual({ line: 5, column: 35 });
  });

  it('through a watermark’s wrapping', () => {
    const query = 'SELECT ID, UPDATED_AT FROM T WHERE = 1';
    const { sql } = incrementalSql(query, 'UPDATED_AT', { kind: 'ntz', value: '2026-01-01T00:00:00.000Z' });
    expect(queryLocator(query, sql)(...placeOf(sql, '= 1'))).toEqual({ line: 1, column: 36 });
  });

  it('a place in the wrapping, or past the text, is in no place of the query', () => {
    const query = 'SELECT 1';
    const sent = `SELECT * FROM (${query}) AS floe_preview LIMIT 101`;
    const locate = queryLocator(query, sent);
    expect(locate(1, 7)).toBeNull();
    expect(locate(4, 0)).toBeNull();
    expect(locate(...placeOf(sent, ') AS'))).toEqual({ line: 1, column: 9 });
  });
});
