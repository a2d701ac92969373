import type { Connection as DriverConnection } from 'snowflake-sdk';
import { INSECURE_ACCESS_URL, type Connection, type ConnectionTestResult } from '../../../shared/schemas';
import { plainHttpElsewhere } from '../../../shared/url';
import { sqlIdentifier, storedName } from '../../snowflake/identifiers';
import { connect, disconnect, query, readDriverError } from '../../snowflake/driver';
import { accessUrlFor, driverOptions, type Credentials } from '../../snowflake/driver-options';
import { explainError, grantsFor, noWarehouse, timedOut, type TestProblem } from '../../snowflake/error-remedies';
import { probe } from './reachability';

export const DEFAULT_TEST_TIMEOUT_MS = 30_000;
const MAX_OBJECTS = 50;

interface Found {
  role: string | null;
  warehouse: string | null;
  database: string | null;
  schema: string | null;
  objects: ConnectionTestResult['objects'];
  problem: TestProblem | null;
}

async function objectsToCheck(session: DriverConnection, c: Connection): Promise<Array<{ name: string; kind: 'table' | 'view' }>> {
  if (c.objects.kind === 'list') {
    return [...c.objects.tables.map((name) => ({ name, kind: 'table' as const })), ...c.objects.views.map((name) => ({ name, kind: 'view' as const }))];
  }
  const rows = await query<{ TABLE_NAME: string; TABLE_TYPE: string }>(
    session,
    `SELECT TABLE_NAME, TABLE_TYPE FROM ${sqlIdentifier(c.database!)}.INFORMATION_SCHEMA.TABLES WHERE TABLE_SCHEMA = ? ORDER BY TABLE_NAME LIMIT ${MAX_OBJECTS}`,
    [storedName(c.schema!)],
  );
  // Names from INFORMATION_SCHEMA are stored names: quote them so they mean exactly that.
  return rows.map((r) => ({ name: `"${r.TABLE_NAME.replace(/"/g, '""')}"`, kind: /VIEW/i.test(r.TABLE_TYPE) ? 'view' : 'table' }));
}

async function inspect(session: DriverConnection, c: Connection, host: string, fingerprint: string | null): Promise<Found> {
  const [context] = await query<Record<string, string | null>>(
    session,
    'SELECT CURRENT_ROLE() AS ROLE, CURRENT_WAREHOUSE() AS WAREHOUSE, CURRENT_DATABASE() AS DATABASE, CURRENT_SCHEMA() AS SCHEMA',
  );
  const found: Found = {
    role: context?.ROLE ?? null,
    warehouse: context?.WAREHOUSE ?? null,
    database: context?.DATABASE ?? null,
    schema: context?.SCHEMA ?? null,
    objects: [],
    problem: null,
  };
  if (!found.warehouse) return { ...found, problem: noWarehouse(c) };
  if (c.database && !found.database) {
    return { ...found, problem: { code: 'no_database', message: `Database ${c.database} does not exist, or role ${found.role} has no USAGE on it.`, remedy: 'Check the name, or run the grants below as an admin.', sql: grantsFor(c) } };
  }
  if (c.schema && !found.schema) {
    return { ...found, problem: { code: 'no_schema', message: `Schema ${c.database}.${c.schema} does not exist, or role ${found.role} has no USAGE on it.`, remedy: 'Check the name, or run the grants below as an admin.', sql: grantsFor(c) } };
  }
  if (!c.database || !c.schema) return found;

  const objects = await objectsToCheck(session, c);
  for (const object of objects) {
    const at = `${sqlIdentifier(c.database)}.${sqlIdentifier(c.schema)}.${sqlIdentifier(object.name)}`;
    try {
      await query(session, `SELECT * FROM ${at} LIMIT 0`);
      found.objects.push({ name: storedName(object.name), readable: true, problem: null });
    } catch (error) {
      const problem = explainError(readDriverError(error), c, { host, fingerprint });
      found.objects.push({ name: storedName(object.name), readable: false, problem: problem.message });
      found.problem ??= { ...problem, sql: grantsFor(c, object) };
    }
  }
  if (objects.length === 0) {
    found.problem = {
      code: 'nothing_readable',
      message: `Role ${found.role} can see no tables or views in ${c.database}.${c.schema}.`,
      remedy: 'Grant it SELECT (SQL below), or choose the schema that holds your data.',
      sql: grantsFor(c),
    };
  }
  return found;
}

/**
 * Signs in as the connection would, reads back the session's role, warehouse, database and
 * schema, and checks each chosen object is readable. Bounded in time: on timeout the session is
 * dropped and the result says so. Never throws; every failure is a result with a remedy.
 */
export async function testConnection(
  c: Connection,
  credentials: Credentials,
  options: { timeoutMs?: number; now?: () => Date } = {},
): Promise<ConnectionTestResult> {
  const timeoutMs = options.timeoutMs ?? DEFAULT_TEST_TIMEOUT_MS;
  const now = options.now ?? (() => new Date());
  const started = Date.now();
  const host = new URL(accessUrlFor(c)).host;
  const fingerprint = credentials.kind === 'keypair' ? credentials.fingerprint : null;
  let session: DriverConnection | undefined;
  let timer: NodeJS.Timeout | undefined;

  const work = (async (): Promise<Found> => {
    // A connection saved before https was required: its secret is not sent over plain http.
    if (plainHttpElsewhere(accessUrlFor(c))) {
      return { role: null, warehouse: null, database: null, schema: null, objects: [], problem: { code: 'insecure_access_url', message: `The access URL ${accessUrlFor(c)} is plain http to another computer.`, remedy: INSECURE_ACCESS_URL, sql: null } };
    }
    const unreachable = await probe(accessUrlFor(c), Math.min(timeoutMs, 5_000));
    if (unreachable) {
      return {
        role: null,
        warehouse: null,
        database: null,
        schema: null,
        objects: [],
        problem: explainError({ code: null, sqlState: null, message: unreachable.detail, network: true }, c, { host, fingerprint }),
      };
    }
    try {
      session = await connect(driverOptions(c, credentials, timeoutMs));
    } catch (error) {
      return { role: null, warehouse: null, database: null, schema: null, objects: [], problem: explainError(readDriverError(error), c, { host, fingerprint }) };
    }
    try {
      return await inspect(session, c, host, fingerprint);
    } catch (error) {
      return { role: null, warehouse: null, database: null, schema: null, objects: [], problem: explainError(readDriverError(error), c, { host, fingerprint }) };
    }
  })();
  const timeout = new Promise<Found>((resolve) => {
    timer = setTimeout(
      () => resolve({ role: null, warehouse: null, database: null, schema: null, objects: [], problem: timedOut(Math.round(timeoutMs / 1000), host) }),
      timeoutMs,
    );
  });

  const found = await Promise.race([work, timeout]);
  clearTimeout(timer);
  if (session) await disconnect(session);
  else void work.then(() => session && disconnect(session));

  return {
    ok: found.problem === null,
    role: found.role,
    warehouse: found.warehouse,
    database: found.database,
    schema: found.schema,
    objects: found.objects,
    error: found.problem,
    rotation: null,
    testedAt: now().toISOString(),
    durationMs: Date.now() - started,
  };
}
