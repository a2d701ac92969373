import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type snowflake from 'snowflake-sdk';
import { startEmulator, type EmulatorHandle } from '../../emulators/snowflake';
import { connect, destroy, expectSfError, query, queryFull, type Conn } from './helpers';

// Async execution, long polling, cancel, token renewal and every fault switch.
let emu: EmulatorHandle;
let conn: Conn;

beforeAll(async () => {
  // A short sync wait makes ordinary slow queries go through the 333333 polling path.
  emu = await startEmulator({ rows: 120_000, syncWaitMs: 300, longPollMs: 500, rowsPerChunk: 20_000 });
  conn = await connect(emu);
});

afterAll(async () => {
  await destroy(conn);
  await emu.close();
});

const adminRequest = (path: string, body: unknown): Promise<unknown> =>
  fetch(`${emu.accessUrl}${path}`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(body) }).then((r) => r.json());

describe('long-running and async queries', () => {
  it('long-polls a slow query (333333) until it finishes', async () => {
    emu.faults.delayNextQuery(1500);
    const started = Date.now();
    expect(await query(conn, 'SELECT 1 AS X')).toEqual([{ X: 1 }]);
    expect(Date.now() - started).toBeGreaterThanOrEqual(1400);
  });

  it('runs asyncExec queries and reports status, then the result', async () => {
    emu.faults.delayNextQuery(800);
    const { stmt } = await queryFull(conn, 'SELECT COUNT(*) AS N FROM APP_EVENTS', undefined, { asyncExec: true } as never);
    const queryId = stmt.getQueryId();
    expect(queryId).toMatch(/^[0-9a-f-]{36}$/);
    expect(await conn.getQueryStatus(queryId)).toBe('RUNNING');
    expect(conn.isStillRunning((await conn.getQueryStatus(queryId)) as never)).toBe(true);
    const result = await conn.getResultsFromQueryId({ queryId });
    const rows = await new Promise<unknown[]>((resolve, reject) => {
      const out: unknown[] = [];
      result.streamRows().on('data', (r: unknown) => out.push(r)).on('error', reject).on('end', () => resolve(out));
    });
    expect(rows).toEqual([{ N: 120_000 }]);
    expect(await conn.getQueryStatus(queryId)).toBe('SUCCESS');
  });

  it('reports a failed async query through getQueryStatusThrowIfError', async () => {
    const { stmt } = await queryFull(conn, 'SELECT * FROM MISSING_TABLE', undefined, { asyncExec: true } as never);
    const queryId = stmt.getQueryId();
    await new Promise((r) => setTimeout(r, 200));
    const err = await expectSfError(conn.getQueryStatusThrowIfError(queryId));
    expect(err.code).toBe('002003');
    expect(err.sqlState).toBe('42S02');
  });

  it('cancels a running statement with 000604 / 57014', async () => {
    emu.faults.delayNextQuery(20_000);
    const outcome = new Promise<{ code: string; sqlState?: string }>((resolve) => {
      const stmt = conn.execute({
        sqlText: 'SELECT COUNT(*) FROM APP_EVENTS',
        complete: (err) => resolve({ code: String(err?.code), sqlState: (err as { sqlState?: string } | undefined)?.sqlState }),
      });
      setTimeout(() => stmt.cancel(() => undefined), 700);
    });
    const started = Date.now();
    expect(await outcome).toEqual({ code: '000604', sqlState: '57014' });
    expect(Date.now() - started).toBeLessThan(10_000);
  });

  it('cancels a query that is busy inside DuckDB', async () => {
    const outcome = new Promise<string>((resolve) => {
      const stmt = conn.execute({
        sqlText: 'SELECT COUNT(*) FROM APP_EVENTS A, APP_EVENTS B WHERE A.EVENT_ID < B.EVENT_ID',
        complete: (err) => resolve(String(err?.code)),
      });
      setTimeout(() => stmt.cancel(() => undefined), 1000);
    });
    expect(await outcome).toBe('000604');
    expect(await query(conn, 'SELECT 2 AS X')).toEqual([{ X: 2 }]);
  });
});

describe('session tokens', () => {
  it('renews an expired session token mid-session (390112 → token-request)', async () => {
    emu.faults.setTokenValiditySeconds(1);
    const c = await connect(emu);
    try {
      const before = emu.stats().renewals;
      await new Promise((r) => setTimeout(r, 1300));
      expect(await query(c, 'SELECT 1 AS X')).toEqual([{ X: 1 }]);
      expect(emu.stats().renewals).toBe(before + 1);
      emu.faults.expireTokens();
      expect(await query(c, 'SELECT 2 AS X')).toEqual([{ X: 2 }]);
      expect(emu.stats().renewals).toBe(before + 2);
      expect(emu.stats().logins).toBeGreaterThanOrEqual(2);
    } finally {
      emu.faults.setTokenValiditySeconds(3600);
      await destroy(c);
    }
  });
});

describe('fault switches', () => {
  const streamAll = (c: Conn, sqlText: string): Promise<number> =>
    new Promise((resolve, reject) => {
      const stmt: snowflake.RowStatement = c.execute({ sqlText, streamResult: true });
      let n = 0;
      stmt.streamRows().on('data', () => n++).on('error', reject).on('end', () => resolve(n));
    });

  it('retries chunk downloads that fail with 5xx', async () => {
    const before = emu.stats();
    emu.faults.failNextChunks(2);
    expect(await streamAll(conn, 'SELECT EVENT_ID FROM APP_EVENTS')).toBe(120_000);
    const after = emu.stats();
    expect(after.chunkFaults - before.chunkFaults).toBe(2);
    expect(after.chunksServed - before.chunksServed).toBe(6);
  });

  it('recovers from a connection dropped mid-chunk', async () => {
    const before = emu.stats().chunkFaults;
    emu.faults.dropNextChunkConnections(1);
    expect(await streamAll(conn, 'SELECT EVENT_ID, PROPERTIES FROM APP_EVENTS')).toBe(120_000);
    expect(emu.stats().chunkFaults - before).toBe(1);
  });

  it('makes the next query fail with a chosen error', async () => {
    emu.faults.failNextQuery({ code: '000630', message: 'Statement reached its statement or warehouse timeout of 1 second(s) and was canceled.', sqlState: '57014' });
    const err = await expectSfError(query(conn, 'SELECT 1'));
    expect(err).toMatchObject({ code: '000630', sqlState: '57014' });
    expect(await query(conn, 'SELECT 1 AS X')).toEqual([{ X: 1 }]);
  });

  it('is switchable over the admin HTTP endpoint', async () => {
    await adminRequest('/__floe/faults', { nextQueryError: { code: '002003', message: 'injected', sqlState: '42S02' } });
    expect((await expectSfError(query(conn, 'SELECT 1'))).code).toBe('002003');
    await adminRequest('/__floe/faults', { queryDelayMs: 600 });
    const started = Date.now();
    await query(conn, 'SELECT 1');
    expect(Date.now() - started).toBeGreaterThanOrEqual(550);
    await adminRequest('/__floe/faults', { failChunks: 1 });
    expect(await streamAll(conn, 'SELECT EVENT_ID FROM APP_EVENTS')).toBe(120_000);
    const state = (await adminRequest('/__floe/faults/reset', {})) as { faults: { failChunks: number } };
    expect(state.faults.failChunks).toBe(0);
  });
});
